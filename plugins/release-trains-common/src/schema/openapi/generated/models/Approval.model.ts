// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { ApprovalDecision } from './ApprovalDecision.model';
import type { Timestamp } from './Timestamp.model';

/**
 * An approver's recorded decision.
 *
 * @public
 */
export interface Approval {
  approver: string;
  decision: ApprovalDecision;
  comment?: string;
  at: Timestamp;
}
