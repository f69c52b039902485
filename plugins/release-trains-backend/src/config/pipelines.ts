import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { CronTime } from 'cron';
import { IANAZone } from 'luxon';
import { readRollout, ROLLING, RolloutConfig } from './rollouts';

/** A recurring period: it opens at each cron occurrence, in a time zone. */
export type RecurringWindow = {
  cron: string;
  durationMinutes: number;
  timeZone: string;
};

/** A period when nothing may be deployed into a stage, and why. */
export type FreezePeriod = (
  | RecurringWindow
  | { start: string; end: string }
) & { reason: string };

/** What must hold before a version may enter a stage. */
export type StageGates = {
  /** Distinct approvers needed, never counting the requester. */
  approvals: number;
  /** Hours a deployment may await approval before it is cancelled. */
  approvalExpiryHours: number;
  /** The catalog group whose members may approve (an entity ref). */
  approverGroup?: string;
  /** Minutes the version must have run in the stage before. */
  soakMinutes: number;
  /** When set, deployments may only start inside one of these windows. */
  windows: RecurringWindow[];
  freezes: FreezePeriod[];
  /** Services this one requires must run satisfying versions in the stage. */
  dependencies: boolean;
  /** The stage before must not have failed its latest deployment. */
  healthyPreviousStage: boolean;
  /**
   * When set, the version's rollback must have been rehearsed (and have
   * succeeded) in an earlier stage, at most this many days before.
   */
  rehearsal?: { maxAgeDays: number };
};

/** A stage of a pipeline, as configured. */
export type StageConfig = {
  name: string;
  title: string;
  /** Id of the deployer that puts versions into this stage. */
  deployer?: string;
  /** After this long in progress, a deployment is marked failed. */
  timeoutMinutes: number;
  /**
   * After this long without CI reporting how a deployment it started
   * ended, the deployment is marked failed.
   */
  ciTimeoutMinutes: number;
  gates: StageGates;
  /** How a new version is rolled out: all at once by default. */
  rollout: RolloutConfig;
};

/** An ordered list of stages a version moves through. */
export type PipelineConfig = {
  name: string;
  stages: StageConfig[];
  /** Whether a version may be promoted past a stage it has not been in. */
  allowSkippingStages: boolean;
};

const DEFAULT_TIMEOUT_MINUTES = 30;
const DEFAULT_CI_TIMEOUT_MINUTES = 60;
const DEFAULT_APPROVAL_EXPIRY_HOURS = 24;
/** The last stage of a pipeline is production: two approvers by default. */
const DEFAULT_PRODUCTION_APPROVALS = 2;

function defaultGates(isLast: boolean): StageGates {
  return {
    approvals: isLast ? DEFAULT_PRODUCTION_APPROVALS : 0,
    approvalExpiryHours: DEFAULT_APPROVAL_EXPIRY_HOURS,
    soakMinutes: 0,
    windows: [],
    freezes: [],
    dependencies: true,
    healthyPreviousStage: true,
  };
}

function defaultStage(
  name: string,
  title: string,
  isLast = false,
): StageConfig {
  return {
    name,
    title,
    timeoutMinutes: DEFAULT_TIMEOUT_MINUTES,
    ciTimeoutMinutes: DEFAULT_CI_TIMEOUT_MINUTES,
    gates: defaultGates(isLast),
    rollout: ROLLING,
  };
}

const NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

export const DEFAULT_PIPELINES: ReadonlyMap<string, PipelineConfig> = new Map([
  [
    'default',
    {
      name: 'default',
      stages: [
        defaultStage('dev', 'Dev'),
        defaultStage('staging', 'Staging'),
        defaultStage('prod', 'Prod', true),
      ],
      allowSkippingStages: false,
    },
  ],
]);

/** The metric providers of a backend without configuration or modules. */
const BUILT_IN_METRIC_PROVIDERS: ReadonlySet<string> = new Set(['push']);

/**
 * Reads `releaseTrains.pipelines`, failing start-up with a message that names
 * the offending key when a pipeline is malformed.
 */
export function readPipelines(
  config: Config,
  metricProviders = BUILT_IN_METRIC_PROVIDERS,
): Map<string, PipelineConfig> {
  const pipelinesConfig = config.getOptionalConfig('releaseTrains.pipelines');
  if (!pipelinesConfig) {
    return new Map(DEFAULT_PIPELINES);
  }

  const pipelines = new Map<string, PipelineConfig>();
  for (const name of pipelinesConfig.keys()) {
    const key = `releaseTrains.pipelines.${name}`;
    if (!NAME_PATTERN.test(name)) {
      throw new InputError(
        `Invalid pipeline name at ${key}: use lower-case letters, digits and dashes`,
      );
    }
    const stageConfigs = pipelinesConfig.getConfigArray(`${name}.stages`);
    const pipelineDeployer = pipelinesConfig.getOptionalString(
      `${name}.deployer`,
    );
    if (stageConfigs.length === 0) {
      throw new InputError(`${key}.stages must list at least one stage`);
    }
    const stages = stageConfigs.map((stageConfig, index) => {
      const stageName = stageConfig.getString('name');
      if (!NAME_PATTERN.test(stageName)) {
        throw new InputError(
          `Invalid stage name '${stageName}' at ${key}.stages[${index}]: use lower-case letters, digits and dashes`,
        );
      }
      const stageKey = `${key}.stages[${index}]`;
      const deployer = stageConfig.getOptionalString('deployer');
      return {
        ...defaultStage(
          stageName,
          stageConfig.getOptionalString('title') ?? stageName,
          index === stageConfigs.length - 1,
        ),
        ...((deployer ?? pipelineDeployer) && {
          deployer: deployer ?? pipelineDeployer,
        }),
        timeoutMinutes: positive(
          stageConfig.getOptionalNumber('timeoutMinutes') ??
            DEFAULT_TIMEOUT_MINUTES,
          `${stageKey}.timeoutMinutes`,
        ),
        ciTimeoutMinutes: positive(
          stageConfig.getOptionalNumber('ciTimeoutMinutes') ??
            DEFAULT_CI_TIMEOUT_MINUTES,
          `${stageKey}.ciTimeoutMinutes`,
        ),
        gates: readGates(
          stageConfig.getOptionalConfig('gates'),
          `${stageKey}.gates`,
          index === stageConfigs.length - 1,
        ),
        rollout: readRollout(
          stageConfig.getOptionalConfig('rollout'),
          `${stageKey}.rollout`,
          metricProviders,
        ),
      };
    });
    const names = stages.map(s => s.name);
    const repeated = names.find((n, i) => names.indexOf(n) !== i);
    if (repeated) {
      throw new InputError(
        `Stage '${repeated}' appears twice in ${key}.stages`,
      );
    }
    pipelines.set(name, {
      name,
      stages,
      allowSkippingStages:
        pipelinesConfig.getOptionalBoolean(`${name}.allowSkippingStages`) ??
        false,
    });
  }
  return pipelines;
}

/**
 * Fails start-up when a stage names a deployer no module installed: found
 * now, not as a refused promotion once someone needs the stage.
 */
export function assertDeployersInstalled(
  pipelines: ReadonlyMap<string, PipelineConfig>,
  installed: ReadonlySet<string>,
): void {
  const known = [...installed].join(', ') || 'none';
  for (const { name, stages } of pipelines.values()) {
    for (const { name: stage, deployer } of stages) {
      if (deployer && !installed.has(deployer)) {
        throw new InputError(
          `Stage ${stage} of pipeline ${name} uses the deployer '${deployer}', which is not installed (installed: ${known}); add its backend module or change releaseTrains.pipelines.${name}`,
        );
      }
    }
  }
}

export function positive(value: number, key: string): number {
  if (!(value > 0)) {
    throw new InputError(`${key} must be a positive number`);
  }
  return value;
}

export function readRecurringWindow(
  config: Config,
  key: string,
): RecurringWindow {
  const cron = config.getString('cron');
  const timeZone = config.getOptionalString('timeZone') ?? 'UTC';
  if (!IANAZone.isValidZone(timeZone)) {
    throw new InputError(`${key}.timeZone: '${timeZone}' is not a time zone`);
  }
  try {
    // eslint-disable-next-line no-new
    new CronTime(cron, timeZone);
  } catch (error) {
    throw new InputError(`${key}.cron: '${cron}' is not a cron expression`);
  }
  return {
    cron,
    timeZone,
    durationMinutes: positive(
      config.getNumber('durationMinutes'),
      `${key}.durationMinutes`,
    ),
  };
}

export function readFreeze(config: Config, key: string): FreezePeriod {
  const reason = config.getString('reason');
  if (config.has('cron')) {
    return { ...readRecurringWindow(config, key), reason };
  }
  const start = config.getString('start');
  const end = config.getString('end');
  if (Number.isNaN(Date.parse(start)) || Number.isNaN(Date.parse(end))) {
    throw new InputError(
      `${key}: start and end must be ISO 8601 date-times, or give a cron`,
    );
  }
  if (Date.parse(start) >= Date.parse(end)) {
    throw new InputError(`${key}: start must be before end`);
  }
  return { start, end, reason };
}

function readGates(
  config: Config | undefined,
  key: string,
  isLast: boolean,
): StageGates {
  const defaults = defaultGates(isLast);
  if (!config) {
    return defaults;
  }
  const approvals = config.getOptionalNumber('approvals') ?? defaults.approvals;
  if (!Number.isInteger(approvals) || approvals < 0) {
    throw new InputError(`${key}.approvals must be a whole number, 0 or more`);
  }
  const approvalExpiryHours = positive(
    config.getOptionalNumber('approvalExpiryHours') ??
      defaults.approvalExpiryHours,
    `${key}.approvalExpiryHours`,
  );
  const approverGroup = config.getOptionalString('approverGroup');
  const soakMinutes = config.getOptionalNumber('soakMinutes') ?? 0;
  if (soakMinutes < 0) {
    throw new InputError(`${key}.soakMinutes must not be negative`);
  }
  return {
    approvals,
    approvalExpiryHours,
    ...(approverGroup && {
      approverGroup: groupRef(approverGroup, `${key}.approverGroup`),
    }),
    soakMinutes,
    windows: (config.getOptionalConfigArray('windows') ?? []).map((w, i) =>
      readRecurringWindow(w, `${key}.windows[${i}]`),
    ),
    freezes: (config.getOptionalConfigArray('freezes') ?? []).map((f, i) =>
      readFreeze(f, `${key}.freezes[${i}]`),
    ),
    dependencies:
      config.getOptionalBoolean('dependencies') ?? defaults.dependencies,
    healthyPreviousStage:
      config.getOptionalBoolean('healthyPreviousStage') ??
      defaults.healthyPreviousStage,
    ...(config.has('rehearsal') && {
      rehearsal: {
        maxAgeDays: positive(
          config.getOptionalNumber('rehearsal.maxAgeDays') ?? 14,
          `${key}.rehearsal.maxAgeDays`,
        ),
      },
    }),
  };
}

/** A group's full entity ref (`change-advisory` → `group:default/change-advisory`). */
function groupRef(value: string, key: string): string {
  try {
    const ref = parseEntityRef(value, { defaultKind: 'group' });
    if (ref.kind.toLocaleLowerCase('en-US') === 'group') {
      return stringifyEntityRef(ref);
    }
  } catch {
    // reported below
  }
  throw new InputError(
    `${key}: '${value}' is not a group entity ref (e.g. group:default/change-advisory)`,
  );
}
