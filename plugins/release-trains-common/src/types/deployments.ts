import type { Approval, ApprovalEligibility } from './promotions';

/**
 * The ways a deployment comes about.
 *
 * @public
 */
export const DEPLOYMENT_KINDS = ['deploy', 'promote', 'rollback'] as const;

/**
 * How a deployment came about.
 *
 * @public
 */
export type DeploymentKind = (typeof DEPLOYMENT_KINDS)[number];

/**
 * The states of a deployment, in the order it usually moves through them.
 * `unknown`: its deployer cannot tell whether it started or how it went;
 * it holds the stage until a person resolves it.
 *
 * @public
 */
export const DEPLOYMENT_STATES = [
  'pending',
  'awaiting-approval',
  'in-progress',
  'unknown',
  'succeeded',
  'failed',
  'rolled-back',
  'cancelled',
] as const;

/**
 * Where a deployment stands.
 *
 * @public
 */
export type DeploymentState = (typeof DEPLOYMENT_STATES)[number];

/**
 * Groups of deployment states, as the delivery insights count them.
 *
 * @public
 */
export const DEPLOYMENT_OUTCOMES = ['ran', 'failure'] as const;

/**
 * A group of deployment states: `ran` (succeeded, or succeeded and rolled
 * back later: the version ran in the stage), `failure` (failed or rolled
 * back).
 *
 * @public
 */
export type DeploymentOutcome = (typeof DEPLOYMENT_OUTCOMES)[number];

/**
 * One recorded attempt to put a version of a service into a stage.
 *
 * @public
 */
export type Deployment = {
  id: string;
  /** Entity ref of the service, e.g. `component:default/payments`. */
  service: string;
  stage: string;
  version: string;
  kind: DeploymentKind;
  state: DeploymentState;
  /** Why it failed or was rolled back, when known. */
  reason?: string;
  /** Entity ref of the user or the subject of the service that recorded it. */
  createdBy: string;
  /** The deployer that carries it out, for promotions and rollbacks. */
  deployer?: string;
  /**
   * What went wrong asking the deployer: its last error, or why it cannot
   * tell how the deployment went.
   */
  deployerError?: string;
  /** The train run it rode, if a train carried it. */
  trainRunId?: string;
  /**
   * Set when the deployment changed what a stage with approvals runs
   * without passing its gate: recorded by hand or reported by CI.
   */
  ungated?: boolean;
  /** ISO 8601 timestamps. */
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
};

/**
 * What a request to record a deployment carries.
 *
 * @public
 */
export type RecordDeploymentRequest = {
  service: string;
  stage: string;
  version: string;
  kind?: DeploymentKind;
};

/**
 * A deployment with its approvals and what its stage requires.
 *
 * @public
 */
export type DeploymentDetails = Deployment & {
  approvals: Approval[];
  approvalsRequired: number;
  /** The catalog group whose members may approve, when the stage names one. */
  approverGroup?: string;
  /** Whether the caller may decide, while the deployment awaits approval. */
  eligibility?: ApprovalEligibility;
};

/**
 * How a person settles a deployment whose outcome is unknown: ask its
 * deployer again, or record what they found out.
 *
 * @public
 */
export type ResolveAction = 'retry-status' | 'mark-failed' | 'mark-succeeded';

/**
 * A person's resolution of a deployment whose outcome is unknown.
 *
 * @public
 */
export type ResolveDeploymentRequest = {
  action: ResolveAction;
  /** What they found out, recorded with the deployment. */
  reason: string;
};

/**
 * A page of deployments, newest first; `nextCursor` fetches the next page.
 *
 * @public
 */
export type DeploymentPage = {
  items: Deployment[];
  nextCursor?: string;
};

/**
 * Filters of the deploy history.
 *
 * @public
 */
export type DeploymentFilter = {
  stage?: string;
  /** Only deployments into each service's last stage (not with `stage`). */
  lastStage?: boolean;
  state?: DeploymentState;
  outcome?: DeploymentOutcome;
  kind?: DeploymentKind;
  /** Only deployments that did (true) or did not (false) pass their stage's gate. */
  ungated?: boolean;
  /** Entity ref of the person who asked for the deployments (a bare name means a User). */
  createdBy?: string;
  /** ISO 8601; deployments created at or after. */
  from?: string;
  /** ISO 8601; deployments created before. */
  to?: string;
  /** ISO 8601; deployments finished at or after, as the DORA figures count them. */
  finishedFrom?: string;
  /** ISO 8601; deployments finished before. */
  finishedTo?: string;
};
