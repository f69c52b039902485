import { ConflictError } from '@backstage/errors';
import {
  Deployment,
  DEPLOYMENT_STATES,
  DeploymentState,
} from '@release-trains/plugin-release-trains-common';

const NEXT_STATES: Record<DeploymentState, readonly DeploymentState[]> = {
  pending: [
    'awaiting-approval',
    'in-progress',
    'succeeded',
    'failed',
    'cancelled',
  ],
  'awaiting-approval': ['in-progress', 'cancelled'],
  'in-progress': ['unknown', 'succeeded', 'failed', 'cancelled'],
  // Settled by a person: asking the deployer again, or what they found out.
  unknown: ['in-progress', 'succeeded', 'failed'],
  succeeded: ['rolled-back'],
  failed: [],
  'rolled-back': [],
  cancelled: [],
};

/** States a deployment never leaves, except succeeded → rolled-back. */
export function isFinished(state: DeploymentState): boolean {
  return ['succeeded', 'failed', 'rolled-back', 'cancelled'].includes(state);
}

/** States of a deployment still on its way into its stage. */
export const UNFINISHED_STATES = DEPLOYMENT_STATES.filter(
  state => !isFinished(state),
);

export function canTransition(
  from: DeploymentState,
  to: DeploymentState,
): boolean {
  return NEXT_STATES[from].includes(to);
}

/** Throws a ConflictError naming both states when the move is not allowed. */
export function assertTransition(
  deploymentId: string,
  from: DeploymentState,
  to: DeploymentState,
): void {
  if (!canTransition(from, to)) {
    throw new ConflictError(
      `Deployment ${deploymentId} is ${from} and cannot become ${to}`,
    );
  }
}

/**
 * Why the ledger itself ended a deployment, rather than a report or a
 * person: CI started another in its stage (`superseded`), or CI said
 * nothing of it by its deadline (`ci-deadline`). Kept apart from the reason,
 * which people and CI write too.
 */
export type EndedBy = 'superseded' | 'ci-deadline';

/** Why the reconciler fails a CI deployment that CI stopped reporting on. */
export function unreportedReason(deadlineAt: string): string {
  return `No report from CI by its deadline ${deadlineAt}`;
}

/**
 * Whether a deployment failed only because CI had not said how it ended by
 * its deadline: a guess, which CI's late report of success may correct.
 */
export function isUnreportedFailure(deployment: {
  state: DeploymentState;
  endedBy?: EndedBy;
}): boolean {
  return deployment.state === 'failed' && deployment.endedBy === 'ci-deadline';
}

/**
 * A deployment after it moved to `to` at `at`: the one transition routine,
 * used by the promotion engine and by CI ingestion alike.
 */
export function moveTo<
  T extends Deployment & { deadlineAt?: string; endedBy?: EndedBy },
>(
  current: T,
  to: DeploymentState,
  at: string,
  change: {
    reason?: string;
    deadlineAt?: string;
    deployerError?: string;
    endedBy?: EndedBy;
  } = {},
): T {
  assertTransition(current.id, current.state, to);
  return {
    ...current,
    state: to,
    ...(to === 'in-progress' && { startedAt: current.startedAt ?? at }),
    ...(isFinished(to) && { finishedAt: at }),
    ...(change.reason && { reason: change.reason }),
    ...(change.deadlineAt && { deadlineAt: change.deadlineAt }),
    ...(change.deployerError && { deployerError: change.deployerError }),
    ...(change.endedBy && { endedBy: change.endedBy }),
  };
}
