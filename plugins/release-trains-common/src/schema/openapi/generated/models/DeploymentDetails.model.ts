// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { Approval } from './Approval.model';
import type { ApprovalEligibility } from './ApprovalEligibility.model';
import type { DeploymentKind } from './DeploymentKind.model';
import type { DeploymentState } from './DeploymentState.model';
import type { Timestamp } from './Timestamp.model';

/**
 * A deployment with its approvals and what its stage requires.
 *
 * @public
 */
export interface DeploymentDetails {
  id: string;
  /**
   * Entity ref of the service, e.g. `component:default/payments`.
   */
  service: string;
  stage: string;
  version: string;
  kind: DeploymentKind;
  state: DeploymentState;
  /**
   * Why it failed or was rolled back, when known.
   */
  reason?: string;
  /**
   * Entity ref of the user or the subject of the service that recorded it.
   */
  createdBy: string;
  createdAt: Timestamp;
  startedAt?: Timestamp;
  finishedAt?: Timestamp;
  /**
   * The deployer that carries it out, for promotions and rollbacks.
   */
  deployer?: string;
  /**
   * What went wrong asking the deployer: its last error, or why it cannot tell
   * how the deployment went.
   */
  deployerError?: string;
  /**
   * The train run it rode, if a train carried it.
   */
  trainRunId?: string;
  /**
   * Changed what a stage with approvals runs without passing its gate.
   */
  ungated?: boolean;
  approvals: Array<Approval>;
  approvalsRequired: number;
  /**
   * The catalog group whose members may approve, when the stage names one.
   */
  approverGroup?: string;
  eligibility?: ApprovalEligibility;
}
