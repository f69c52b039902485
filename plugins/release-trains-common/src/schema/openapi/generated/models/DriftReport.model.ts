// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { DriftFinding } from './DriftFinding.model';
import type { InsightsScope } from './InsightsScope.model';

/**
 * @public
 */
export interface DriftReport {
  scope: InsightsScope;
  serviceCount: number;
  findings: Array<DriftFinding>;
}
