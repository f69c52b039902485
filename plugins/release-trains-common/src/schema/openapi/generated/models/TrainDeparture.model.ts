// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { Timestamp } from './Timestamp.model';

/**
 * One scheduled departure of a train.
 *
 * @public
 */
export interface TrainDeparture {
  train: string;
  departsAt: Timestamp;
  /**
   * Versions built after this wait for the next departure.
   */
  cutoffAt: Timestamp;
  /**
   * Set when a freeze cancels the departure.
   */
  frozen?: {
    reason: string;
  };
}
