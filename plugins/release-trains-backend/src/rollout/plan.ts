import { JsonObject } from '@backstage/types';
import {
  Deployment,
  RolloutStep,
} from '@release-trains/plugin-release-trains-common';
import {
  DeploymentRequest,
  RolloutRequest,
} from '@release-trains/plugin-release-trains-node';
import { RolloutConfig } from '../config/rollouts';
import { StoredRollout } from '../ledger/RolloutStore';

/** A stage's roll-out configuration that shifts traffic. */
export type ProgressiveRollout = Extract<
  RolloutConfig,
  { strategy: 'canary' | 'blue-green' }
>;

/** What a roll-out follows, fixed when it begins: a config change later does not move it. */
export type RolloutPlan = Omit<ProgressiveRollout, 'fastTrackRollback'>;

export const toPlan = ({
  strategy,
  steps,
  analysis,
  keepPreviousMinutes,
}: ProgressiveRollout): RolloutPlan => ({
  strategy,
  steps,
  analysis,
  keepPreviousMinutes,
});

export const planOf = (rollout: StoredRollout): RolloutPlan =>
  rollout.plan as unknown as RolloutPlan;

export const planJson = (plan: RolloutPlan): JsonObject =>
  plan as unknown as JsonObject;

/** The weights a canary's steps set, ending with all traffic. */
export function weightsOf(steps: RolloutStep[]): number[] {
  return [
    ...steps.flatMap(step => (step.kind === 'set-weight' ? [step.weight] : [])),
    100,
  ];
}

/**
 * How long the plan takes when nothing pauses for a person: the timed
 * pauses and every analysis taking all its measurements.
 */
export function plannedSeconds(plan: RolloutPlan): number {
  const { intervalSeconds, count } = plan.analysis;
  return plan.steps.reduce((total, step) => {
    if (step.kind === 'pause') return total + (step.seconds ?? 0);
    if (step.kind === 'analysis') return total + intervalSeconds * count;
    return total;
  }, 0);
}

/** What the deployer is told of the roll-out. */
export function rolloutRequest(
  plan: RolloutPlan,
  baselineVersion: string | undefined,
): RolloutRequest {
  return {
    strategy: plan.strategy,
    ...(baselineVersion && { baselineVersion }),
    ...(plan.strategy === 'canary'
      ? { weights: weightsOf(plan.steps) }
      : { keepPreviousMinutes: plan.keepPreviousMinutes }),
  };
}

/** The request a deployer gets for a deployment. */
export function deploymentRequest(
  deployment: Deployment,
  rollout?: RolloutRequest,
): DeploymentRequest {
  return {
    deploymentId: deployment.id,
    service: deployment.service,
    stage: deployment.stage,
    version: deployment.version,
    kind: deployment.kind === 'rollback' ? 'rollback' : 'promote',
    startedAt: deployment.startedAt ?? deployment.createdAt,
    ...(rollout && { rollout }),
  };
}

/** How a step reads in a status message. */
export function describeStep(step: RolloutStep | undefined): string {
  if (!step) return 'all traffic';
  switch (step.kind) {
    case 'set-weight':
      return `set weight ${step.weight} %`;
    case 'pause':
      return step.seconds === undefined
        ? 'pause until resumed'
        : `pause ${step.seconds} s`;
    default:
      return 'analysis';
  }
}
