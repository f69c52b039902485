import {
  Deployment,
  RolloutMeasurement,
} from '@release-trains/plugin-release-trains-common';
import { ReleaseTrainsMetricProvider } from '@release-trains/plugin-release-trains-node';
import { AnalysisConfig, CheckConfig, thresholdOf } from '../config/rollouts';
import { AnalysisVerdict, assessMetric, Measurement } from './analysis';
import { judge } from './healthChecks';

/**
 * Takes one measurement of every check: asks the provider, judges the
 * answer by the check's threshold. A provider that throws is an error for
 * that check, not for the others.
 */
export async function measureChecks(options: {
  provider: ReleaseTrainsMetricProvider;
  analysis: AnalysisConfig;
  deployment: Deployment;
  baselineVersion?: string;
  stepIndex: number;
  since: Date;
  at: Date;
}): Promise<RolloutMeasurement[]> {
  const { provider, analysis, deployment, at } = options;
  return Promise.all(
    analysis.checks.map(async (check): Promise<RolloutMeasurement> => {
      const base = {
        stepIndex: options.stepIndex,
        check: check.kind,
        threshold: thresholdOf(check),
        measuredAt: at.toISOString(),
      };
      try {
        const sample = await provider.measure({
          deploymentId: deployment.id,
          service: deployment.service,
          stage: deployment.stage,
          version: deployment.version,
          ...(options.baselineVersion && {
            baselineVersion: options.baselineVersion,
          }),
          check: check.kind,
          settings: check.settings,
          since: options.since.toISOString(),
        });
        const judged = judge(check, sample, at.getTime());
        return {
          ...base,
          phase: judged.phase,
          ...(sample.canary !== undefined && { canary: sample.canary }),
          ...(sample.baseline !== undefined && { baseline: sample.baseline }),
          ...('value' in judged && { value: judged.value }),
          ...('reason' in judged && { reason: judged.reason }),
        };
      } catch (error) {
        return {
          ...base,
          phase: 'error',
          reason: `${provider.id}: ${(error as Error).message}`,
        };
      }
    }),
  );
}

const asMeasurement = (m: RolloutMeasurement): Measurement =>
  m.phase === 'successful' || m.phase === 'failed'
    ? { phase: m.phase, at: Date.parse(m.measuredAt), value: m.value ?? NaN }
    : {
        phase: m.phase,
        at: Date.parse(m.measuredAt),
        reason: m.reason ?? m.phase,
      };

/** The verdict on each check from its measurements so far. */
export function assessChecks(
  analysis: AnalysisConfig,
  measurements: RolloutMeasurement[],
): { check: CheckConfig; verdict: AnalysisVerdict }[] {
  return analysis.checks.map(check => ({
    check,
    verdict: assessMetric(
      measurements.filter(m => m.check === check.kind).map(asMeasurement),
      analysis,
    ),
  }));
}

const round = (value: number | undefined) =>
  value === undefined ? '?' : Math.round(value * 100) / 100;

/** How a check's limit reads, with what was measured against it. */
const LIMITS: Record<
  CheckConfig['kind'],
  (check: CheckConfig, value?: number) => string
> = {
  'error-rate': (check, value) =>
    `+${round(value)} pp, limit ${
      (check as { maxIncreasePoints: number }).maxIncreasePoints
    } pp`,
  'latency-p95': (check, value) =>
    `+${round(value)} ms, limit ${
      (check as { maxIncreaseMs: number }).maxIncreaseMs
    } ms`,
  'health-check': () => 'must pass',
  'burn-rate': check => `limit ${(check as { max: number }).max}`,
};

const UNITS: Record<CheckConfig['kind'], (value: number) => string> = {
  'error-rate': v => `${(v * 100).toFixed(2)} %`,
  'latency-p95': v => `${Math.round(v)} ms`,
  'health-check': v => (v >= 1 ? 'passing' : 'failing'),
  'burn-rate': v => `${v.toFixed(1)}×`,
};

/**
 * Why a check failed, with what was measured: the last failed
 * measurement's values and the limit, e.g. `error-rate: canary 3.10 %,
 * baseline 0.50 % (+2.6 pp, limit 1 pp); 2 of 3 measurements failed`.
 */
export function describeFailure(
  check: CheckConfig,
  measurements: RolloutMeasurement[],
): string {
  const own = measurements.filter(m => m.check === check.kind);
  const failed = own.filter(m => m.phase === 'failed');
  const last = failed[failed.length - 1];
  const unit = UNITS[check.kind];
  const values = [
    last?.canary !== undefined && `canary ${unit(last.canary)}`,
    last?.baseline !== undefined && `baseline ${unit(last.baseline)}`,
  ]
    .filter(Boolean)
    .join(', ');
  const limit = LIMITS[check.kind](check, last?.value);
  return `${check.kind}: ${values} (${limit}); ${failed.length} of ${
    own.filter(m => m.phase !== 'error').length
  } measurements failed`;
}
