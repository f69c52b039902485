import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** A stage of a pipeline, as configured. */
export type StageConfig = {
  name: string;
  title: string;
};

/** An ordered list of stages a version moves through. */
export type PipelineConfig = {
  name: string;
  stages: StageConfig[];
};

const NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

export const DEFAULT_PIPELINES: ReadonlyMap<string, PipelineConfig> = new Map([
  [
    'default',
    {
      name: 'default',
      stages: [
        { name: 'dev', title: 'Dev' },
        { name: 'staging', title: 'Staging' },
        { name: 'prod', title: 'Prod' },
      ],
    },
  ],
]);

/**
 * Reads `releaseTrains.pipelines`, failing start-up with a message that names
 * the offending key when a pipeline is malformed.
 */
export function readPipelines(config: Config): Map<string, PipelineConfig> {
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
      return {
        name: stageName,
        title: stageConfig.getOptionalString('title') ?? stageName,
      };
    });
    const names = stages.map(s => s.name);
    const repeated = names.find((n, i) => names.indexOf(n) !== i);
    if (repeated) {
      throw new InputError(
        `Stage '${repeated}' appears twice in ${key}.stages`,
      );
    }
    pipelines.set(name, { name, stages });
  }
  return pipelines;
}
