// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { GateShare } from './GateShare.model';
import type { InsightsScope } from './InsightsScope.model';
import type { RehearsalShare } from './RehearsalShare.model';
import type { ServiceCompliance } from './ServiceCompliance.model';

/**
 * @public
 */
export interface ComplianceReport {
  scope: InsightsScope;
  serviceCount: number;
  from: string;
  to: string;
  totals: GateShare;
  rehearsals: RehearsalShare;
  services: Array<ServiceCompliance>;
}
