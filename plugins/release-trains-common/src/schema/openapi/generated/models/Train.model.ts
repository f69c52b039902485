// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { TrainDeparture } from './TrainDeparture.model';
import type { TrainFreeze } from './TrainFreeze.model';

/**
 * A release train as configured, with its next departure.
 *
 * @public
 */
export interface Train {
  name: string;
  title: string;
  cron: string;
  timeZone: string;
  cutoffMinutes: number;
  pipeline: string;
  boardsFrom: string;
  maxChanges?: number;
  /**
   * Entity refs of the services that ride it.
   */
  services: Array<string>;
  freezes: Array<TrainFreeze>;
  next?: TrainDeparture;
}
