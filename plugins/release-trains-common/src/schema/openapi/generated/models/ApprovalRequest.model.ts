// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { ApprovalDecision } from './ApprovalDecision.model';

/**
 * @public
 */
export interface ApprovalRequest {
  decision: ApprovalDecision;
  comment?: string;
}
