// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { InsightsScope } from './InsightsScope.model';
import type { LeadTimeSplit } from './LeadTimeSplit.model';
import type { StageLag } from './StageLag.model';

/**
 * @public
 */
export interface LagReport {
  scope: InsightsScope;
  serviceCount: number;
  generatedAt: string;
  weeks: number;
  services: Array<{
    service: string;
    stages: Array<string>;
    pairs: Array<StageLag>;
    leadTimeSplit: LeadTimeSplit;
  }>;
  leadTimeSplit: LeadTimeSplit;
}
