// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { Timestamp } from './Timestamp.model';
import type { TrainRunItem } from './TrainRunItem.model';

/**
 * What a train's next departure would carry if it left now; nothing is
 * recorded.
 *
 * @public
 */
export interface TrainDeparturePreview {
  train: string;
  departsAt: Timestamp;
  /**
   * Versions built after this wait for the next departure.
   */
  cutoffAt: Timestamp;
  /**
   * Boarded, or waiting with the reason (built after the cut-off, over
   * capacity).
   */
  items: Array<TrainRunItem>;
}
