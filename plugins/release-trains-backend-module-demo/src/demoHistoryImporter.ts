import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ReleaseTrainsHistoryImporter } from '@release-trains/plugin-release-trains-node';
import { buildDemoHistory, DEMO_SERVICES } from './demoHistory';
import { buildDemoTrainRuns, readDemoTrainSchedules } from './demoTrainRuns';
import { buildEarlierDemoHistory } from './earlierDemoHistory';

/** The stages of the `default` pipeline, which the demo services are on. */
function readDemoStages(config: Config): string[] {
  const stages = config.getOptionalConfigArray(
    'releaseTrains.pipelines.default.stages',
  );
  return (
    stages?.map(stage => stage.getString('name')) ?? ['dev', 'staging', 'prod']
  );
}

/**
 * Seeds nine months of history for the demo services — six with failures,
 * roll-backs and hotfixes for the delivery insights, then ninety days of the
 * pipeline as the demo shows it — and the last departures of the demo
 * trains, into an empty ledger; a ledger with history is left alone.
 */
export function createDemoHistoryImporter(options: {
  config: Config;
  logger: LoggerService;
}): ReleaseTrainsHistoryImporter {
  const { config, logger } = options;
  const stages = readDemoStages(config);
  const trains = readDemoTrainSchedules(config);
  return {
    id: 'demo',
    async importHistory(ledger) {
      if (!(await ledger.isEmpty())) {
        logger.info('The ledger has history already; demo seed skipped');
        return;
      }
      const now = new Date();
      const earlier = buildEarlierDemoHistory(stages, now);
      const history = buildDemoHistory(stages, now);
      const runs = buildDemoTrainRuns(trains, history, stages.at(-1)!, now);
      await ledger.addVersions([...earlier.versions, ...history.versions]);
      await ledger.addDeployments([
        ...earlier.deployments,
        ...history.deployments,
      ]);
      await ledger.addTrainRuns(runs);
      logger.info(
        `Seeded ${
          earlier.versions.length + history.versions.length
        } versions, ${
          earlier.deployments.length + history.deployments.length
        } deployments and ${runs.length} train runs for ${
          DEMO_SERVICES.length
        } demo services`,
      );
    },
  };
}
