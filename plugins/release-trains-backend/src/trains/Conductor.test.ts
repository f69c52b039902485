import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ReleaseTrainsDeployer } from '@release-trains/plugin-release-trains-node';
import knexFactory, { Knex } from 'knex';
import { createLedgerDatabase } from '../__testUtils__/ledger';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';
import { ReleaseService } from '../catalog/ServiceDirectory';
import { readPipelines } from '../config/pipelines';
import { readTrains } from '../config/trains';
import { DeploymentStore } from '../ledger/DeploymentStore';
import { Ledger } from '../ledger/Ledger';
import { StageStateStore } from '../ledger/StageStateStore';
import { TrainStore } from '../ledger/TrainStore';
import { VersionStore } from '../ledger/VersionStore';
import { createTestPromotionEngine } from '../__testUtils__/promotions';
import { createLiveUpdates, LiveUpdates } from '../promotion/LiveUpdates';
import { Conductor } from './Conductor';

jest.setTimeout(60_000);

const config = (train: object) =>
  new ConfigReader({
    releaseTrains: {
      pipelines: {
        default: {
          deployer: 'instant',
          stages: [{ name: 'dev' }, { name: 'staging' }, { name: 'prod' }],
        },
      },
      trains: {
        express: {
          schedule: { cron: '0 10 * * *', timeZone: 'UTC' },
          cutoffMinutes: 30,
          services: ['component:default/payments', 'component:default/cart'],
          approvals: false,
          ...train,
        },
      },
    },
  });

/** A deployer whose deployments succeed as soon as they start. */
const instant: ReleaseTrainsDeployer = {
  id: 'instant',
  start: async () => ({ state: 'succeeded' }),
  status: async () => ({ state: 'succeeded' }),
};

/** Live updates that record the channels they signal on. */
function recordingLive() {
  const channels: string[] = [];
  const live = createLiveUpdates({
    signals: { publish: async signal => void channels.push(signal.channel) },
    logger: mockServices.logger.mock(),
  });
  return { channels, live };
}

async function createConductor(
  db: Knex,
  train: object = {},
  live: LiveUpdates = recordingLive().live,
) {
  const pipelines = readPipelines(config(train));
  const trains = readTrains(config(train), pipelines);
  const service = (name: string): ReleaseService => ({
    ref: `component:default/${name}`,
    pipeline: pipelines.get('default')!,
    requires: {},
  });
  const { promotions } = createTestPromotionEngine(db, {
    deployers: [instant],
  });
  return new Conductor({
    trains,
    ledger: new Ledger(db),
    resolveServices: async refs =>
      new Map(refs.map(ref => [ref, service(ref.split('/')[1])])),
    promotions,
    live,
    logger: mockServices.logger.mock(),
  });
}

/** payments 1.0.0 (08:00) and 1.1.0 (09:40, after the 09:30 cut-off); cart 2.0.0; all in dev. */
async function seed(db: Knex) {
  const versions = new VersionStore(db);
  const deployments = new DeploymentStore(db);
  const builds: [string, string, string][] = [
    ['payments', '1.0.0', '2026-11-23T08:00:00Z'],
    ['payments', '1.1.0', '2026-11-23T09:40:00Z'],
    ['cart', '2.0.0', '2026-11-23T08:00:00Z'],
  ];
  for (const [name, version, builtAt] of builds) {
    const sha = `${name}${version}`.replace(/[^0-9a-f]/g, '').padEnd(40, '0');
    await versions.add({
      service: `component:default/${name}`,
      version,
      commitSha: sha,
      builtAt: new Date(builtAt),
      changes: [
        {
          commitSha: sha,
          title: `${name} ${version}`,
          author: 'ana.lima',
          issueKeys: [],
        },
      ],
    });
    await deployments.record({
      service: `component:default/${name}`,
      stage: 'dev',
      version,
      kind: 'deploy',
      createdBy: 'ci',
      createdAt: new Date(new Date(builtAt).getTime() + 60_000),
    });
  }
}

describe('the conductor', () => {
  const databases = createLedgerTestDatabases();
  afterEach(() => jest.restoreAllMocks());

  it.each(databases.eachSupportedId())(
    'departs once, boards what was built before the cut-off, and carries it to prod (%p)',
    async databaseId => {
      const db = await createLedgerDatabase(databases, databaseId);
      await seed(db);
      const conductor = await createConductor(db);
      const trainStore = new TrainStore(db);

      await conductor.departDue(new Date('2026-11-23T10:00:30Z'));
      await conductor.departDue(new Date('2026-11-23T10:01:00Z'));
      const runs = await trainStore.list({ limit: 10 });
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({
        train: 'express',
        departsAt: '2026-11-23T10:00:00.000Z',
        cutoffAt: '2026-11-23T09:30:00.000Z',
        state: 'departed',
      });
      expect(runs[0].items).toEqual([
        expect.objectContaining({
          service: 'component:default/cart',
          version: '2.0.0',
          state: 'boarded',
          changeCount: 1,
        }),
        expect.objectContaining({
          service: 'component:default/payments',
          version: '1.0.0',
          state: 'boarded',
          reason:
            '1.1.0 was built after the cut-off; it waits for the next train',
        }),
      ]);

      for (let i = 0; i < 3; i++) await conductor.advance();
      const run = (await trainStore.get(runs[0].id))!;
      expect(run.state).toBe('arrived');
      expect(run.items.map(i => [i.service, i.state, i.stage])).toEqual([
        ['component:default/cart', 'arrived', 'prod'],
        ['component:default/payments', 'arrived', 'prod'],
      ]);
      const prod = (
        await new StageStateStore(db).ofService('component:default/payments')
      ).get('prod')!.current!;
      expect(prod).toMatchObject({
        version: '1.0.0',
        createdBy: 'train:express',
        trainRunId: run.id,
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'leaves services beyond its capacity for the next train (%p)',
    async databaseId => {
      const db = await createLedgerDatabase(databases, databaseId);
      await seed(db);
      const conductor = await createConductor(db, { maxChanges: 1 });
      await conductor.departDue(new Date('2026-11-23T10:00:30Z'));
      const [run] = await new TrainStore(db).list({ limit: 1 });
      // Services board in the train's order: payments first, then cart.
      expect(run.items.map(i => [i.service, i.state, i.reason])).toEqual([
        [
          'component:default/cart',
          'waiting',
          "Over the train's capacity of 1 changes; it waits for the next train",
        ],
        [
          'component:default/payments',
          'boarded',
          '1.1.0 was built after the cut-off; it waits for the next train',
        ],
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'leaves no run when it crashes while boarding, and departs the slot on the next tick (%p)',
    async databaseId => {
      const db = await createLedgerDatabase(databases, databaseId);
      await seed(db);
      const conductor = await createConductor(db);
      const trainStore = new TrainStore(db);
      jest
        .spyOn(TrainStore.prototype, 'saveItems')
        .mockRejectedValueOnce(new Error('crashed'));

      await expect(
        conductor.departDue(new Date('2026-11-23T10:00:30Z')),
      ).rejects.toThrow('crashed');
      expect(await trainStore.list({ limit: 10 })).toEqual([]);

      await conductor.departDue(new Date('2026-11-23T10:01:00Z'));
      const runs = await trainStore.list({ limit: 10 });
      expect(runs).toHaveLength(1);
      expect(runs[0].state).toBe('departed');
      expect(runs[0].items.map(i => i.state)).toEqual(['boarded', 'boarded']);
    },
  );

  it.each(databases.eachSupportedId())(
    'follows a deployment it promoted but crashed before recording, rather than promoting again (%p)',
    async databaseId => {
      const db = await createLedgerDatabase(databases, databaseId);
      await seed(db);
      const conductor = await createConductor(db);
      const trainStore = new TrainStore(db);
      await conductor.departDue(new Date('2026-11-23T10:00:30Z'));
      // The first item's promotion commits; recording its id does not.
      const updateItem = jest
        .spyOn(TrainStore.prototype, 'updateItem')
        .mockRejectedValueOnce(new Error('crashed'));

      for (let i = 0; i < 4; i++) await conductor.advance();

      expect(updateItem).toHaveBeenCalled();
      const [run] = await trainStore.list({ limit: 1 });
      expect(run.state).toBe('arrived');
      const deployments = await db('deployments')
        .where({ train_run_id: run.id })
        .orderBy(['service_ref', 'stage'])
        .select('service_ref', 'stage');
      expect(deployments.map(d => `${d.service_ref} ${d.stage}`)).toEqual([
        'component:default/cart prod',
        'component:default/cart staging',
        'component:default/payments prod',
        'component:default/payments staging',
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'finishes the departure it is making when aborted, and advances nothing (%p)',
    async databaseId => {
      const db = await createLedgerDatabase(databases, databaseId);
      await seed(db);
      const conductor = await createConductor(db);
      const controller = new AbortController();
      const claimDeparture = TrainStore.prototype.claimDeparture;
      jest
        .spyOn(TrainStore.prototype, 'claimDeparture')
        .mockImplementation(function claim(this: TrainStore, departure) {
          controller.abort();
          return claimDeparture.call(this, departure);
        });

      await conductor.tick(new Date('2026-11-23T10:00:30Z'), controller.signal);

      const [run] = await new TrainStore(db).list({ limit: 1 });
      expect(run.state).toBe('departed');
      expect(run.items.map(i => i.state)).toEqual(['boarded', 'boarded']);
      expect(await db('deployments').where({ train_run_id: run.id })).toEqual(
        [],
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'signals a departure once, to each boarded service and the schedule, with two conductors ticking at once (%p)',
    async databaseId => {
      const db = await createLedgerDatabase(databases, databaseId);
      await seed(db);
      const { channels, live } = recordingLive();
      // On SQLite both share the one connection; on PostgreSQL each has its own.
      const other =
        databaseId === 'SQLITE_3' ? db : knexFactory(db.client.config);
      const replicas = [
        await createConductor(db, {}, live),
        await createConductor(other, {}, live),
      ];

      await Promise.all(
        replicas.map(replica =>
          replica.departDue(new Date('2026-11-23T10:00:30Z')),
        ),
      );

      expect(channels.sort()).toEqual([
        'release-trains:component:default/cart',
        'release-trains:component:default/payments',
        'release-trains:trains',
      ]);

      // Each advance moves both services a stage on (the deployer is
      // instant): both pages and the schedule hear of it, once.
      channels.length = 0;
      await replicas[0].advance();
      expect(channels.sort()).toEqual([
        'release-trains:component:default/cart',
        'release-trains:component:default/payments',
        'release-trains:trains',
      ]);
      for (let i = 0; i < 2; i++) await replicas[0].advance();
      const [run] = await new TrainStore(db).list({ limit: 1 });
      expect(run.state).toBe('arrived');

      // An arrived run is not moved again: nothing to tell.
      channels.length = 0;
      await replicas[0].tick(new Date('2026-11-23T10:02:00Z'));
      expect(channels).toEqual([]);
      if (other !== db) await other.destroy();
    },
  );

  // PostgreSQL is required in CI (see testDatabases.ts); `onPostgres` is
  // `it` there, which the lint rule cannot see.
  const onPostgres = databases.supports('POSTGRES_17') ? it : it.skip;
  /* eslint-disable jest/no-standalone-expect */
  onPostgres(
    'departs exactly once per slot with two replicas on one PostgreSQL: five departures, five runs',
    async () => {
      const db = await createLedgerDatabase(databases, 'POSTGRES_17');
      await seed(db);
      const other = knexFactory(db.client.config);
      const everyMinute = { schedule: { cron: '* * * * *', timeZone: 'UTC' } };
      const replicas = [
        await createConductor(db, everyMinute),
        await createConductor(other, everyMinute),
      ];
      for (let minute = 0; minute < 5; minute++) {
        const now = new Date(Date.UTC(2026, 10, 23, 10, minute, 30));
        await Promise.all(replicas.map(replica => replica.departDue(now)));
      }
      const runs = await new TrainStore(db).list({ limit: 100 });
      expect(runs.map(r => r.departsAt).sort()).toEqual([
        '2026-11-23T10:00:00.000Z',
        '2026-11-23T10:01:00.000Z',
        '2026-11-23T10:02:00.000Z',
        '2026-11-23T10:03:00.000Z',
        '2026-11-23T10:04:00.000Z',
      ]);
      await other.destroy();
    },
  );
  /* eslint-enable jest/no-standalone-expect */
});
