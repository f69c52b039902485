import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import {
  HealthCheckKind,
  RolloutStep,
} from '@release-trains/plugin-release-trains-common';
import { AnalysisLimits, DEFAULT_ANALYSIS_LIMITS } from '../rollout/analysis';
import { DEFAULT_HEALTH_CHECKS, HealthCheck } from '../rollout/healthChecks';
import { checkQueryTemplate } from '../rollout/queryTemplate';

/** A check of an analysis, with its provider's settings (e.g. queries). */
export type CheckConfig = HealthCheck & { settings: JsonObject };

/** How a stage's roll-outs are analysed. */
export type AnalysisConfig = Omit<AnalysisLimits, 'count'> & {
  /** Id of the metric provider: `push`, `prometheus` or a module's. */
  provider: string;
  intervalSeconds: number;
  count: number;
  checks: CheckConfig[];
};

/** How a stage rolls a new version out. */
export type RolloutConfig =
  | { strategy: 'rolling' }
  | {
      strategy: 'canary' | 'blue-green';
      /** Canary: as configured; blue-green: one analysis of the idle colour. */
      steps: RolloutStep[];
      analysis: AnalysisConfig;
      /** Blue-green: minutes the deployer keeps the previous colour. */
      keepPreviousMinutes: number;
      /** Rollbacks skip the steps (the version ran verified there). */
      fastTrackRollback: boolean;
    };

export const ROLLING: RolloutConfig = { strategy: 'rolling' };

const DEFAULT_CANARY_STEPS: RolloutStep[] = [
  { kind: 'set-weight', weight: 10 },
  { kind: 'analysis' },
  { kind: 'set-weight', weight: 50 },
  { kind: 'analysis' },
];

const THRESHOLD_KEYS: Record<HealthCheckKind, string | undefined> = {
  'error-rate': 'maxIncreasePoints',
  'latency-p95': 'maxIncreaseMs',
  'health-check': undefined,
  'burn-rate': 'max',
};

/** The number a check's measured value is compared with. */
export function thresholdOf(check: HealthCheck): number {
  switch (check.kind) {
    case 'error-rate':
      return check.maxIncreasePoints;
    case 'latency-p95':
      return check.maxIncreaseMs;
    case 'health-check':
      return 1;
    default:
      return check.max;
  }
}

/** `30`, `30s`, `5m`, `1h` → seconds; anything else is a config error. */
export function readDuration(value: unknown, key: string): number {
  const match =
    typeof value === 'number'
      ? [String(value), String(value), 's']
      : /^(\d+(?:\.\d+)?)\s*(s|m|h)$/.exec(String(value));
  const seconds = match
    ? Number(match[1]) * { s: 1, m: 60, h: 3600 }[match[2] as 's' | 'm' | 'h']
    : NaN;
  if (!(seconds > 0)) {
    throw new InputError(
      `${key}: '${value}' is not a duration; use seconds or e.g. 30s, 5m, 1h`,
    );
  }
  return seconds;
}

function wholeNumber(value: number, key: string, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new InputError(`${key} must be a whole number, ${min} or more`);
  }
  return value;
}

function readStep(config: Config, key: string): RolloutStep {
  const given = config.keys();
  if (given.length !== 1) {
    throw new InputError(
      `${key} must be one of setWeight, pause or analysis (found ${
        given.join(', ') || 'nothing'
      })`,
    );
  }
  const [kind] = given;
  if (kind === 'setWeight') {
    const weight = config.getNumber('setWeight');
    if (!Number.isInteger(weight) || weight < 0 || weight > 100) {
      throw new InputError(
        `${key}.setWeight must be a whole percentage, 0 to 100`,
      );
    }
    return { kind: 'set-weight', weight };
  }
  if (kind === 'pause') {
    const pause = config.get('pause');
    return pause === 'manual'
      ? { kind: 'pause' }
      : { kind: 'pause', seconds: readDuration(pause, `${key}.pause`) };
  }
  if (kind === 'analysis') return { kind: 'analysis' };
  throw new InputError(
    `${key}: unknown step '${kind}'; use setWeight, pause or analysis`,
  );
}

function readCheck(
  config: Config,
  key: string,
  needsQuery: boolean,
): CheckConfig {
  const kind = config.getString('kind') as HealthCheckKind;
  if (!(kind in THRESHOLD_KEYS)) {
    throw new InputError(
      `${key}.kind: '${kind}' is not a check; use ${Object.keys(
        THRESHOLD_KEYS,
      ).join(', ')}`,
    );
  }
  const settings = config.get<JsonObject>();
  for (const template of ['query', 'baselineQuery']) {
    if (typeof settings[template] === 'string') {
      checkQueryTemplate(settings[template] as string, `${key}.${template}`);
    }
  }
  if (needsQuery && typeof settings.query !== 'string') {
    throw new InputError(`${key}.query: Prometheus needs a query template`);
  }
  const defaults = DEFAULT_HEALTH_CHECKS.find(c => c.kind === kind)!;
  const thresholdKey = THRESHOLD_KEYS[kind];
  const check = { ...defaults } as HealthCheck & Record<string, number>;
  if (thresholdKey) {
    const threshold = config.getOptionalNumber(thresholdKey);
    if (threshold !== undefined) {
      if (!(threshold >= 0)) {
        throw new InputError(`${key}.${thresholdKey} must not be negative`);
      }
      check[thresholdKey] = threshold;
    }
  }
  return { ...check, settings };
}

function readAnalysis(
  config: Config | undefined,
  key: string,
  providers: ReadonlySet<string>,
): AnalysisConfig {
  const provider = config?.getOptionalString('provider') ?? 'push';
  if (!providers.has(provider)) {
    throw new InputError(
      `${key}.provider: '${provider}' is not a metric provider (installed: ${[
        ...providers,
      ].join(', ')})`,
    );
  }
  const checks = config?.getOptionalConfigArray('checks');
  if (!checks && provider === 'prometheus') {
    throw new InputError(
      `${key}.checks: list the checks with their Prometheus query templates`,
    );
  }
  return {
    provider,
    intervalSeconds: readDuration(
      config?.getOptional('interval') ?? '30s',
      `${key}.interval`,
    ),
    count: wholeNumber(
      config?.getOptionalNumber('count') ?? 3,
      `${key}.count`,
      1,
    ),
    failureLimit: wholeNumber(
      config?.getOptionalNumber('failureLimit') ??
        DEFAULT_ANALYSIS_LIMITS.failureLimit,
      `${key}.failureLimit`,
      0,
    ),
    inconclusiveLimit: wholeNumber(
      config?.getOptionalNumber('inconclusiveLimit') ??
        DEFAULT_ANALYSIS_LIMITS.inconclusiveLimit,
      `${key}.inconclusiveLimit`,
      0,
    ),
    consecutiveErrorLimit: wholeNumber(
      config?.getOptionalNumber('consecutiveErrorLimit') ??
        DEFAULT_ANALYSIS_LIMITS.consecutiveErrorLimit,
      `${key}.consecutiveErrorLimit`,
      0,
    ),
    checks: checks
      ? checks.map((c, i) =>
          readCheck(c, `${key}.checks[${i}]`, provider === 'prometheus'),
        )
      : DEFAULT_HEALTH_CHECKS.map(check => ({ ...check, settings: {} })),
  };
}

/**
 * Reads a stage's `rollout`, failing start-up with the offending key: an
 * unknown strategy, step, check or provider, a bad duration, weight or
 * query template.
 */
export function readRollout(
  config: Config | undefined,
  key: string,
  providers: ReadonlySet<string>,
): RolloutConfig {
  const strategy = config?.getOptionalString('strategy') ?? 'rolling';
  if (strategy === 'rolling') return ROLLING;
  if (strategy !== 'canary' && strategy !== 'blue-green') {
    throw new InputError(
      `${key}.strategy: '${strategy}' is not a strategy; use rolling, canary or blue-green`,
    );
  }
  const stepConfigs = config!.getOptionalConfigArray('steps');
  if (strategy === 'blue-green' && stepConfigs) {
    throw new InputError(
      `${key}.steps: a blue-green roll-out has no steps (it analyses the idle colour, then switches)`,
    );
  }
  const steps =
    strategy === 'blue-green'
      ? [{ kind: 'analysis' } as const]
      : stepConfigs?.map((s, i) => readStep(s, `${key}.steps[${i}]`)) ??
        DEFAULT_CANARY_STEPS;
  if (steps.length === 0) {
    throw new InputError(`${key}.steps must list at least one step`);
  }
  return {
    strategy,
    steps,
    analysis: readAnalysis(
      config!.getOptionalConfig('analysis'),
      `${key}.analysis`,
      providers,
    ),
    keepPreviousMinutes: wholeNumber(
      config!.getOptionalNumber('keepPreviousMinutes') ?? 30,
      `${key}.keepPreviousMinutes`,
      0,
    ),
    fastTrackRollback: config!.getOptionalBoolean('fastTrackRollback') ?? true,
  };
}
