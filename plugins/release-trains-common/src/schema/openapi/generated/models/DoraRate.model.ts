// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { DoraBand } from './DoraBand.model';

/**
 * @public
 */
export interface DoraRate {
  samples: number;
  count: number;
  enough: boolean;
  rate?: number;
  band?: DoraBand;
}
