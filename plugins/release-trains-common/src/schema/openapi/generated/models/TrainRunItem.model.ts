// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { TrainRunItemState } from './TrainRunItemState.model';

/**
 * What a train run carries for one service, and where it is.
 *
 * @public
 */
export interface TrainRunItem {
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
}
