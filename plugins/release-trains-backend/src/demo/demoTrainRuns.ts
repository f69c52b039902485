import { LoggerService } from '@backstage/backend-plugin-api';
import { TrainConfig } from '../config/trains';
import { DeploymentStore } from '../ledger/DeploymentStore';
import { TrainStore } from '../ledger/TrainStore';
import { departuresBetween } from '../trains/schedule';
import { DEMO_TRAINS } from './demoHistory';

const RUNS_PER_TRAIN = 3;

/**
 * Seeds the last few departures of the demo trains as arrived runs carrying
 * what prod ran then, so that the schedule shows a history and nothing is
 * owed at start. Only into a ledger without runs.
 */
export async function seedDemoTrainRuns(options: {
  trains: ReadonlyMap<string, TrainConfig>;
  trainStore: TrainStore;
  deployments: DeploymentStore;
  logger: LoggerService;
  now?: Date;
}): Promise<void> {
  const { trains, trainStore, deployments, logger } = options;
  if ((await trainStore.list({ limit: 1 })).length > 0) return;
  const now = options.now ?? new Date();
  let seeded = 0;
  for (const [name, services] of Object.entries(DEMO_TRAINS)) {
    const train = trains.get(name);
    if (!train) continue;
    const slots = departuresBetween(
      train,
      new Date(now.getTime() - 60 * 24 * 3_600_000),
      now,
      10_000,
    )
      .filter(slot => !slot.frozen)
      .slice(-RUNS_PER_TRAIN);
    for (const slot of slots) {
      const runId = await trainStore.claimDeparture(slot);
      if (!runId) continue;
      const items = [];
      for (const serviceName of services) {
        const service = `component:default/${serviceName}`;
        // What prod ran at departure, and before it: the manifest's changes.
        const [inProd, before] = (
          await deployments.list(service, {
            stage: 'prod',
            state: 'succeeded',
            to: slot.departsAt.toISOString(),
            limit: 2,
          })
        ).items;
        if (inProd) {
          items.push({
            service,
            version: inProd.version,
            ...(before && { fromVersion: before.version }),
            state: 'arrived' as const,
            stage: 'prod',
            changes: 0,
          });
        }
      }
      await trainStore.saveItems(runId, items);
      await trainStore.setState(runId, 'arrived');
      seeded++;
    }
  }
  logger.info(`Seeded ${seeded} demo train runs`);
}
