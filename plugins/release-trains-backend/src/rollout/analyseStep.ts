import { Deployment } from '@release-trains/plugin-release-trains-common';
import { ReleaseTrainsMetricProvider } from '@release-trains/plugin-release-trains-node';
import { Ledger } from '../ledger/Ledger';
import { StoredRollout } from '../ledger/RolloutStore';
import { assessStep } from './analysis';
import { assessChecks, describeFailure, measureChecks } from './measure';
import { RolloutPlan } from './plan';

/** Where an analysis step stands after a tick, and why. */
export type StepAnalysis = {
  phase: 'running' | 'successful' | 'failed' | 'inconclusive';
  reason?: string;
  /** When a failing check first measured beyond its threshold. */
  breachedAt?: Date;
};

/**
 * Takes a measurement of every check when an interval has passed since
 * the step began or its last measurement (one caller per interval, across
 * replicas), and judges the step by all its measurements.
 */
export async function analyseStep(options: {
  ledger: Ledger;
  providers: ReadonlyMap<string, ReleaseTrainsMetricProvider>;
  rollout: StoredRollout;
  plan: RolloutPlan;
  deployment: Deployment;
  stepStarted: number;
  now: Date;
}): Promise<StepAnalysis> {
  const { ledger, providers, rollout, deployment, stepStarted, now } = options;
  const { analysis } = options.plan;
  const taken = (
    await ledger.rollouts.measurements(rollout.deploymentId)
  ).filter(
    m =>
      m.stepIndex === rollout.stepIndex &&
      Date.parse(m.measuredAt) >= stepStarted,
  );
  const intervalMs = analysis.intervalSeconds * 1000;
  if (!(await ledger.rollouts.claimMeasurement(rollout, intervalMs, now))) {
    return { phase: 'running' };
  }
  const provider = providers.get(analysis.provider);
  if (!provider) {
    return {
      phase: 'inconclusive',
      reason: `no metric provider '${analysis.provider}' is installed`,
    };
  }
  const measured = await measureChecks({
    provider,
    analysis,
    deployment,
    baselineVersion: rollout.baselineVersion,
    stepIndex: rollout.stepIndex,
    // Numbers count once: those pushed before the step or its last
    // measurement, or older than three intervals, are no data.
    since: new Date(
      Math.max(
        stepStarted,
        Date.parse(taken[taken.length - 1]?.measuredAt ?? '') || 0,
        now.getTime() - 3 * intervalMs,
      ),
    ),
    at: now,
  });
  await ledger.rollouts.addMeasurements(rollout.deploymentId, measured);
  const all = [...taken, ...measured];
  const verdicts = assessChecks(analysis, all);
  const phase = assessStep(verdicts.map(v => v.verdict));
  if (phase === 'failed') {
    const failing = verdicts.filter(v => v.verdict.phase === 'failed');
    const kinds = new Set(failing.map(v => v.check.kind));
    const firstBreach = all.find(
      m => m.phase === 'failed' && kinds.has(m.check),
    );
    return {
      phase,
      reason: failing.map(v => describeFailure(v.check, all)).join('; '),
      breachedAt: new Date(firstBreach?.measuredAt ?? now),
    };
  }
  if (phase === 'inconclusive') {
    return {
      phase,
      reason: verdicts
        .flatMap(v =>
          v.verdict.phase === 'inconclusive' ? [v.verdict.reason] : [],
        )
        .join('; '),
    };
  }
  return { phase };
}
