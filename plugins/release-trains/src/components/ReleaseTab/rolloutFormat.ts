import {
  HealthCheckKind,
  Rollout,
  RolloutMeasurement,
  RolloutStep,
} from '@release-trains/plugin-release-trains-common';

/** How fast an analysis abort should reach its rollback (the seeds' target). */
export const BREACH_TO_ROLLBACK_TARGET_MS = 5 * 60_000;

/** "45 s", "2 min", "2 min 30 s", "1 h 5 min". */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    const rest = seconds % 60;
    return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
  }
  const rest = minutes % 60;
  return rest
    ? `${Math.floor(minutes / 60)} h ${rest} min`
    : `${Math.floor(minutes / 60)} h`;
}

/** "Set weight 10 %", "Pause 30 s", "Pause until resumed", "Analysis". */
export function describeStep(step: RolloutStep): string {
  switch (step.kind) {
    case 'set-weight':
      return `Set weight ${step.weight} %`;
    case 'pause':
      return step.seconds === undefined
        ? 'Pause until resumed'
        : `Pause ${formatDuration(step.seconds * 1000)}`;
    default:
      return 'Analysis';
  }
}

export const STRATEGY_LABELS: Record<Rollout['runsAs'], string> = {
  canary: 'Canary',
  'blue-green': 'Blue-green',
  rolling: 'Rolling',
};

export const PHASE_LABELS: Record<Rollout['phase'], string> = {
  deploying: 'Deploying (no traffic yet)',
  stepping: 'Stepping',
  paused: 'Paused',
  completed: 'Completed',
  aborted: 'Aborted',
};

/** At most `digits` decimals, without trailing zeros. */
const round = (value: number, digits = 1) => {
  const factor = 10 ** digits;
  return String(Math.round(value * factor) / factor);
};

const signed = (value: number, digits = 1) =>
  `${value < 0 ? '−' : '+'}${round(Math.abs(value), digits)}`;

/** How each check is named, and how its values read. */
export const CHECKS: Record<
  HealthCheckKind,
  {
    label: string;
    /** A measurement's `value`, as compared with the threshold. */
    value: (value: number) => string;
    threshold: (threshold: number) => string;
    /** Canary and baseline values, as measured. */
    raw: (value: number) => string;
    /** Whether `value` is the canary's difference to the baseline. */
    difference: boolean;
  }
> = {
  'error-rate': {
    label: 'Error rate',
    value: v => `${signed(v)} pp over baseline`,
    threshold: t => `limit ${round(t)} pp`,
    raw: v => `${round(v * 100, 2)} %`,
    difference: true,
  },
  'latency-p95': {
    label: 'p95 latency',
    value: v => `${signed(v, 0)} ms over baseline`,
    threshold: t => `limit ${round(t, 0)} ms`,
    raw: v => `${round(v, 0)} ms`,
    difference: true,
  },
  'health-check': {
    label: 'Health check',
    value: v => (v >= 1 ? 'passing' : 'failing'),
    threshold: () => 'must pass',
    raw: v => (v >= 1 ? 'passing' : 'failing'),
    difference: false,
  },
  'burn-rate': {
    label: 'Error budget burn rate',
    value: v => `${round(v)}×`,
    threshold: t => `limit ${round(t)}×`,
    raw: v => `${round(v)}×`,
    difference: false,
  },
};

/** Where a check stands in the roll-out's analysis. */
export type CheckVerdict =
  | 'failed'
  | 'inconclusive'
  | 'passing'
  | 'not measured yet';

/** The measurement of a check that decided the abort, if it did. */
export function breachOf(
  rollout: Rollout,
  measurements: RolloutMeasurement[],
): RolloutMeasurement | undefined {
  return rollout.breachedAt
    ? measurements.find(
        m => m.phase === 'failed' && m.measuredAt === rollout.breachedAt,
      )
    : undefined;
}

/** A check's measurements oldest first, and its verdict. */
export function assessCheck(rollout: Rollout, kind: HealthCheckKind) {
  const measurements = rollout.measurements
    .filter(m => m.check === kind)
    .sort((a, b) => a.measuredAt.localeCompare(b.measuredAt));
  const last = measurements[measurements.length - 1];
  const breach = breachOf(rollout, measurements);
  let verdict: CheckVerdict;
  if (!last) verdict = 'not measured yet';
  else if (breach || last.phase === 'failed') verdict = 'failed';
  else if (last.phase === 'inconclusive' || last.phase === 'error')
    verdict = 'inconclusive';
  else verdict = 'passing';
  // The figure the title quotes: the breach, else the latest value.
  const headline =
    breach ?? [...measurements].reverse().find(m => m.value !== undefined);
  return { measurements, verdict, headline };
}

/** "Error rate: +2.1 pp over baseline (limit 1 pp)". */
export function checkTitle(
  kind: HealthCheckKind,
  threshold: number,
  headline?: RolloutMeasurement,
): string {
  const check = CHECKS[kind];
  const value =
    headline?.value === undefined
      ? 'no value yet'
      : check.value(headline.value);
  return `${check.label}: ${value} (${check.threshold(threshold)})`;
}
