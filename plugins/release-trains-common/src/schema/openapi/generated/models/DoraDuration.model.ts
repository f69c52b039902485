// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { DoraBand } from './DoraBand.model';

/**
 * @public
 */
export interface DoraDuration {
  samples: number;
  enough: boolean;
  medianSeconds?: number;
  p90Seconds?: number;
  band?: DoraBand;
}
