// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { RehearsalShare } from './RehearsalShare.model';
import type { UngatedDeploymentSummary } from './UngatedDeploymentSummary.model';

/**
 * @public
 */
export interface ServiceCompliance {
  service: string;
  stage: string;
  rehearsals: RehearsalShare;
  deployments: number;
  gated: number;
  share?: number;
  ungated: Array<UngatedDeploymentSummary>;
  truncated: boolean;
}
