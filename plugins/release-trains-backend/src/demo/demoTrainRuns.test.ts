import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createLedgerDatabase } from '../__testUtils__/ledger';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';
import { DEFAULT_PIPELINES } from '../config/pipelines';
import { readTrains } from '../config/trains';
import { DeploymentStore } from '../ledger/DeploymentStore';
import { TrainStore } from '../ledger/TrainStore';
import { VersionStore } from '../ledger/VersionStore';
import { dueDeparture } from '../trains/schedule';
import { DEMO_SERVICES, DEMO_TRAINS, seedDemoHistory } from './demoHistory';
import { seedDemoTrainRuns } from './demoTrainRuns';

jest.setTimeout(60_000);

const now = new Date('2026-11-21T12:00:00.000Z'); // a Saturday
const trains = readTrains(
  new ConfigReader({
    releaseTrains: {
      trains: {
        express: {
          schedule: { cron: '0 10,15 * * 1-5', timeZone: 'Europe/Berlin' },
        },
        weekly: { schedule: { cron: '0 9 * * 2', timeZone: 'Europe/Berlin' } },
      },
    },
  }),
  DEFAULT_PIPELINES,
);

describe('demo train runs', () => {
  const databases = createLedgerTestDatabases();

  it('put every demo service on one demo train', () => {
    expect(Object.values(DEMO_TRAINS).flat().sort()).toEqual(
      [...DEMO_SERVICES].sort(),
    );
  });

  it('seeds the last departures as arrived runs, so nothing is owed at start', async () => {
    const knex = await createLedgerDatabase(databases, 'SQLITE_3');
    const deployments = new DeploymentStore(knex);
    const trainStore = new TrainStore(knex);
    const logger = mockServices.logger.mock();
    await seedDemoHistory({
      deployments,
      versions: new VersionStore(knex),
      stages: ['dev', 'staging', 'prod'],
      logger,
      now,
    });
    await seedDemoTrainRuns({ trains, trainStore, deployments, logger, now });

    const runs = await trainStore.list({ train: 'express', limit: 10 });
    expect(runs.map(r => [r.departsAt, r.state])).toEqual([
      ['2026-11-20T14:00:00.000Z', 'arrived'],
      ['2026-11-20T09:00:00.000Z', 'arrived'],
      ['2026-11-19T14:00:00.000Z', 'arrived'],
    ]);
    expect(runs[0].items.map(i => i.service)).toHaveLength(
      DEMO_TRAINS.express.length,
    );
    for (const train of trains.values()) {
      const ran = await trainStore.departedSince(
        train.name,
        new Date(now.getTime() - 25 * 3_600_000),
      );
      expect(
        dueDeparture(train, now, at => ran.has(at.toISOString())),
      ).toBeUndefined();
    }
  });
});
