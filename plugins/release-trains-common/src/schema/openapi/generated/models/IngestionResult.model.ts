// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { EventOutcome } from './EventOutcome.model';

/**
 * @public
 */
export interface IngestionResult {
  deliveryId: string;
  /**
   * One per event, in the events' order.
   */
  results: Array<EventOutcome>;
}
