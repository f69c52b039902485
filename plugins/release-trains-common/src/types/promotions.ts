/**
 * The checks a promotion must pass before it may start.
 *
 * @public
 */
export const GATES = [
  'order',
  'hold',
  'in-flight',
  'soak',
  'window',
  'freeze',
  'dependencies',
  'previous-stage-health',
  'rehearsal',
  'approvals',
] as const;

/**
 * One of the checks a promotion must pass.
 *
 * @public
 */
export type Gate = (typeof GATES)[number];

/**
 * What a gate says about a promotion; `reason` explains, also when it passes.
 *
 * @public
 */
export type GateVerdict = {
  gate: Gate;
  passed: boolean;
  reason: string;
  /** The dependencies gate: services whose required range the stage fails. */
  unmetRequirements?: string[];
};

/**
 * Asks to promote a version of a service into a stage: by default the stage
 * after the furthest one the version succeeded in.
 *
 * @public
 */
export type PromotionRequest = {
  service: string;
  version: string;
  stage?: string;
  reason?: string;
};

/**
 * Asks to roll a stage back to an earlier version that succeeded there: by
 * default the one it ran before the current one.
 *
 * @public
 */
export type RollbackRequest = {
  service: string;
  stage: string;
  version?: string;
  reason: string;
};

/**
 * Whether a promotion could start now, and what each gate says.
 *
 * @public
 */
export type PromotionCheck = {
  service: string;
  version: string;
  stage: string;
  /** True when nothing but approvals stands in the way. */
  allowed: boolean;
  gates: GateVerdict[];
  /** The group whose members must approve, when the stage names one. */
  approverGroup?: string;
};

/**
 * An approver's decision on a deployment awaiting approval.
 *
 * @public
 */
export type ApprovalDecision = 'approve' | 'reject';

/**
 * An approver's recorded decision.
 *
 * @public
 */
export type Approval = {
  approver: string;
  decision: ApprovalDecision;
  comment?: string;
  at: string;
};

/**
 * Whether the caller may approve or reject a deployment, and why (not).
 *
 * @public
 */
export type ApprovalEligibility = {
  allowed: boolean;
  reason: string;
};
