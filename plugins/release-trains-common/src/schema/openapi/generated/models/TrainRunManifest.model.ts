// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { Timestamp } from './Timestamp.model';
import type { TrainRunManifestItem } from './TrainRunManifestItem.model';
import type { TrainRunState } from './TrainRunState.model';

/**
 * A train run with, for each service, the changes its version brings.
 *
 * @public
 */
export interface TrainRunManifest {
  id: string;
  train: string;
  departsAt: Timestamp;
  cutoffAt: Timestamp;
  state: TrainRunState;
  /**
   * When in-stage, the stage the run is in.
   */
  stage?: string;
  reason?: string;
  createdAt: Timestamp;
  finishedAt?: Timestamp;
  items: Array<TrainRunManifestItem>;
}
