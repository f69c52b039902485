import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { Train } from '@release-trains/plugin-release-trains-common';
import { CronTime } from 'cron';
import { IANAZone } from 'luxon';
import {
  FreezePeriod,
  PipelineConfig,
  positive,
  readFreeze,
} from './pipelines';

/**
 * A release train, as configured under `releaseTrains.trains.<name>`: the
 * API's `Train` without its next departure, its freezes as read (recurring or
 * from start to end), and what only the backend uses. An empty `services`
 * means those annotated `release-trains/train: <name>`.
 */
export type TrainConfig = Omit<Train, 'freezes' | 'next'> & {
  freezes: FreezePeriod[];
  /** Whether the stages after departure still ask for their approvals. */
  approvals: boolean;
  /** For estimates of arrival: minutes a train takes per stage. */
  stageMinutes: number;
};

const NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * Reads `releaseTrains.trains`, failing start-up with a message naming the
 * key when a train is malformed or names an unknown pipeline or stage.
 */
export function readTrains(
  config: Config,
  pipelines: ReadonlyMap<string, PipelineConfig>,
): Map<string, TrainConfig> {
  const trainsConfig = config.getOptionalConfig('releaseTrains.trains');
  const trains = new Map<string, TrainConfig>();
  for (const name of trainsConfig?.keys() ?? []) {
    const key = `releaseTrains.trains.${name}`;
    const train = trainsConfig!.getConfig(name);
    if (!NAME_PATTERN.test(name)) {
      throw new InputError(
        `Invalid train name at ${key}: use lower-case letters, digits and dashes`,
      );
    }
    const cron = train.getString('schedule.cron');
    const timeZone = train.getOptionalString('schedule.timeZone') ?? 'UTC';
    if (!IANAZone.isValidZone(timeZone)) {
      throw new InputError(
        `${key}.schedule.timeZone: '${timeZone}' is not a time zone`,
      );
    }
    try {
      // eslint-disable-next-line no-new
      new CronTime(cron, timeZone);
    } catch {
      throw new InputError(
        `${key}.schedule.cron: '${cron}' is not a cron expression`,
      );
    }
    const pipelineName = train.getOptionalString('pipeline') ?? 'default';
    const pipeline = pipelines.get(pipelineName);
    if (!pipeline) {
      throw new InputError(
        `${key}.pipeline: '${pipelineName}' is not a configured pipeline`,
      );
    }
    const boardsFrom =
      train.getOptionalString('boardsFrom') ?? pipeline.stages[0].name;
    const index = pipeline.stages.findIndex(s => s.name === boardsFrom);
    if (index < 0 || index === pipeline.stages.length - 1) {
      throw new InputError(
        `${key}.boardsFrom: '${boardsFrom}' must be a stage of pipeline '${pipelineName}' before its last`,
      );
    }
    const maxChanges = train.getOptionalNumber('maxChanges');
    trains.set(name, {
      name,
      title: train.getOptionalString('title') ?? name,
      cron,
      timeZone,
      cutoffMinutes: train.has('cutoffMinutes')
        ? positive(train.getNumber('cutoffMinutes'), `${key}.cutoffMinutes`)
        : 30,
      pipeline: pipelineName,
      boardsFrom,
      services: train.getOptionalStringArray('services') ?? [],
      freezes: (train.getOptionalConfigArray('freezes') ?? []).map((f, i) =>
        readFreeze(f, `${key}.freezes[${i}]`),
      ),
      ...(maxChanges !== undefined && {
        maxChanges: positive(maxChanges, `${key}.maxChanges`),
      }),
      approvals: train.getOptionalBoolean('approvals') ?? true,
      stageMinutes: train.has('stageMinutes')
        ? positive(train.getNumber('stageMinutes'), `${key}.stageMinutes`)
        : 60,
    });
  }
  return trains;
}
