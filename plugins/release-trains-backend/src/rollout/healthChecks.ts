import { Measurement } from './analysis';

/**
 * The checks a roll-out step's health is judged by: the seeds' triggers
 * for rolling back, each with its threshold. The canary (or the idle
 * colour of a blue-green roll-out) is compared with the baseline, the
 * version that ran before, where a trigger is about a difference.
 */
export type HealthCheck =
  /** Error rates (0–1): canary − baseline above this many percentage points fails. */
  | { kind: 'error-rate'; maxIncreasePoints: number }
  /** p95 latencies (ms): canary − baseline above this fails. */
  | { kind: 'latency-p95'; maxIncreaseMs: number }
  /** The canary's health check: 1 passing, anything less failing. */
  | { kind: 'health-check' }
  /** The canary's error-budget burn rate above this fails. */
  | { kind: 'burn-rate'; max: number };

/**
 * The seeds' triggers: error rate more than 1 percentage point above the
 * baseline, p95 latency more than 500 ms above it, a failing health check,
 * and an error budget burning more than 14.4 times as fast as it may (the
 * fast-burn alert of a 30-day budget: 2 % of it in an hour).
 */
export const DEFAULT_HEALTH_CHECKS: HealthCheck[] = [
  { kind: 'error-rate', maxIncreasePoints: 1 },
  { kind: 'latency-p95', maxIncreaseMs: 500 },
  { kind: 'health-check' },
  { kind: 'burn-rate', max: 14.4 },
];

/** What a provider measured for one check: the canary's and the baseline's values. */
export type Sample = { canary?: number; baseline?: number };

const known = (value?: number): value is number =>
  value !== undefined && Number.isFinite(value);

/** Differences as exact as their inputs: 3.1 % − 2.1 % is 1 point, not 1.0000000000000002. */
const settled = (value: number) => Math.round(value * 1e9) / 1e9;

/**
 * Judges one sample by a check: failed beyond the threshold, successful at
 * or within it, inconclusive when a value it needs is missing or not a
 * number. The measurement's value is what was compared with the threshold.
 */
export function judge(
  check: HealthCheck,
  sample: Sample,
  at: number,
): Measurement {
  const needsBaseline =
    check.kind === 'error-rate' || check.kind === 'latency-p95';
  if (!known(sample.canary)) {
    return {
      phase: 'inconclusive',
      at,
      reason: `${check.kind}: no canary value`,
    };
  }
  if (needsBaseline && !known(sample.baseline)) {
    return {
      phase: 'inconclusive',
      at,
      reason: `${check.kind}: no baseline value`,
    };
  }
  const verdict = (value: number, failed: boolean): Measurement => ({
    phase: failed ? 'failed' : 'successful',
    at,
    value,
  });
  const canary = sample.canary;
  const baseline = sample.baseline!;
  switch (check.kind) {
    case 'error-rate': {
      const points = settled((canary - baseline) * 100);
      return verdict(points, points > check.maxIncreasePoints);
    }
    case 'latency-p95': {
      const ms = settled(canary - baseline);
      return verdict(ms, ms > check.maxIncreaseMs);
    }
    case 'health-check':
      return verdict(canary, canary < 1);
    case 'burn-rate':
      return verdict(canary, canary > check.max);
    default:
      throw new Error(`Unknown health check ${(check as HealthCheck).kind}`);
  }
}
