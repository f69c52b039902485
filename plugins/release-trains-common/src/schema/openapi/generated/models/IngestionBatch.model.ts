// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { IngestionEvent } from './IngestionEvent.model';

/**
 * @public
 */
export interface IngestionBatch {
  events: Array<IngestionEvent>;
}
