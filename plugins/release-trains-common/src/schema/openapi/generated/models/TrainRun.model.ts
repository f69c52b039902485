// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { Timestamp } from './Timestamp.model';
import type { TrainRunItem } from './TrainRunItem.model';
import type { TrainRunState } from './TrainRunState.model';

/**
 * A departure of a train, its state and what it carries.
 *
 * @public
 */
export interface TrainRun {
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
  items: Array<TrainRunItem>;
}
