// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { DoraBandBounds } from './DoraBandBounds.model';

/**
 * @public
 */
export interface DoraBandThresholds {
  deploymentsPerDay: DoraBandBounds;
  leadTimeHours: DoraBandBounds;
  changeFailRate: DoraBandBounds;
  recoveryHours: DoraBandBounds;
}
