// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { Change } from './Change.model';
import type { TrainRunItemState } from './TrainRunItemState.model';

/**
 * A train run item with the changes its version brings.
 *
 * @public
 */
export interface TrainRunManifestItem {
  service: string;
  /**
   * The version boarded; absent when the service waits.
   */
  version?: string;
  /**
   * What the first stage after boarding ran at departure.
   */
  fromVersion?: string;
  state: TrainRunItemState;
  stage?: string;
  deploymentId?: string;
  /**
   * How many changes the version brings.
   */
  changeCount: number;
  reason?: string;
  /**
   * The changes, newest first, at most 50.
   */
  changeList: Array<Change>;
}
