// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { TrainDeparture } from './TrainDeparture.model';

/**
 * @public
 */
export interface TrainDepartureList {
  items: Array<TrainDeparture>;
}
