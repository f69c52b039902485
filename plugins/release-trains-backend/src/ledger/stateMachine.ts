import { ConflictError } from '@backstage/errors';
import {
  Deployment,
  DeploymentState,
} from '@internal/backstage-plugin-release-trains-common';

const NEXT_STATES: Record<DeploymentState, readonly DeploymentState[]> = {
  pending: [
    'awaiting-approval',
    'in-progress',
    'succeeded',
    'failed',
    'cancelled',
  ],
  'awaiting-approval': ['in-progress', 'cancelled'],
  'in-progress': ['succeeded', 'failed', 'cancelled'],
  succeeded: ['rolled-back'],
  failed: [],
  'rolled-back': [],
  cancelled: [],
};

/** States a deployment never leaves, except succeeded → rolled-back. */
export function isFinished(state: DeploymentState): boolean {
  return ['succeeded', 'failed', 'rolled-back', 'cancelled'].includes(state);
}

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
 * A deployment after it moved to `to` at `at`: the one transition routine,
 * used by the promotion engine and by CI ingestion alike.
 */
export function moveTo<T extends Deployment & { deadlineAt?: string }>(
  current: T,
  to: DeploymentState,
  at: string,
  change: { reason?: string; deadlineAt?: string } = {},
): T {
  assertTransition(current.id, current.state, to);
  return {
    ...current,
    state: to,
    ...(to === 'in-progress' && { startedAt: current.startedAt ?? at }),
    ...(isFinished(to) && { finishedAt: at }),
    ...(change.reason && { reason: change.reason }),
    ...(change.deadlineAt && { deadlineAt: change.deadlineAt }),
  };
}
