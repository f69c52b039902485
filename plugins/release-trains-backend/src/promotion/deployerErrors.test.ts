import {
  DeployerStatus,
  ReleaseTrainsDeployer,
} from '@release-trains/plugin-release-trains-node';
import { Knex } from 'knex';
import { createLedgerDatabase } from '../__testUtils__/ledger';
import { createTestPromotionEngine } from '../__testUtils__/promotions';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';
import { ReleaseService } from '../catalog/ServiceDirectory';
import { DEFAULT_PIPELINES } from '../config/pipelines';
import { StageStateStore } from '../ledger/StageStateStore';
import { VersionStore } from '../ledger/VersionStore';

jest.setTimeout(60_000);

const service: ReleaseService = {
  ref: 'component:default/payments',
  pipeline: {
    ...DEFAULT_PIPELINES.get('default')!,
    stages: DEFAULT_PIPELINES.get('default')!.stages.map(stage => ({
      ...stage,
      deployer: 'remote',
      timeoutMinutes: 10,
    })),
  },
  requires: {},
};

const ana = 'user:default/ana';

/** A deployer whose answers the test sets; it counts the starts. */
function remoteDeployer() {
  const remote = {
    starts: 0,
    start: (): Promise<DeployerStatus> =>
      Promise.reject(new Error('timed out after 10000 ms')),
    status: (): Promise<DeployerStatus> =>
      Promise.resolve({ state: 'in-progress' }),
  };
  const deployer: ReleaseTrainsDeployer = {
    id: 'remote',
    start: () => {
      remote.starts++;
      return remote.start();
    },
    status: () => remote.status(),
  };
  return { remote, deployer };
}

async function withVersions(db: Knex) {
  const versions = new VersionStore(db);
  for (const [version, builtAt] of [
    ['1.0.0', '2026-11-24T08:00:00Z'],
    ['1.1.0', '2026-11-24T09:00:00Z'],
  ]) {
    await versions.add({
      service: service.ref,
      version,
      commitSha: version.replace(/\./g, '').padEnd(40, '0'),
      builtAt: new Date(builtAt),
      changes: [],
    });
  }
}

describe('a deployer that errors or cannot tell', () => {
  const databases = createLedgerTestDatabases();

  it.each(databases.eachSupportedId())(
    'leaves a deployment whose start threw in progress, holding the stage, until its status is known (%p)',
    async databaseId => {
      const db = await createLedgerDatabase(databases, databaseId);
      await withVersions(db);
      const { remote, deployer } = remoteDeployer();
      const now = new Date('2026-11-24T10:00:00Z');
      const engine = createTestPromotionEngine(db, {
        deployers: [deployer],
        now: () => now,
      });

      const first = await engine.promotions.promote(service, {
        version: '1.0.0',
        requestedBy: ana,
      });
      expect(first).toMatchObject({
        state: 'in-progress',
        deployerError: 'start failed: timed out after 10000 ms',
      });
      const dev = async () =>
        (await new StageStateStore(db).ofService(service.ref)).get('dev');
      expect((await dev())?.inFlight?.id).toBe(first.id);

      // The first start may have reached the other side: no second one.
      await expect(
        engine.promotions.promote(service, {
          version: '1.0.0',
          requestedBy: ana,
        }),
      ).rejects.toMatchObject({ name: 'ConflictError' });
      expect(remote.starts).toBe(1);

      remote.status = async () => ({ state: 'succeeded' });
      await engine.runner.reconcile();
      expect(await engine.approvals.details(service, first.id)).toMatchObject({
        state: 'succeeded',
      });
      expect((await dev())?.current?.version).toBe('1.0.0');
      expect((await dev())?.inFlight).toBeUndefined();
    },
  );

  it.each(databases.eachSupportedId())(
    'fails a deployment whose status calls keep erroring at its deadline, with the last error (%p)',
    async databaseId => {
      const db = await createLedgerDatabase(databases, databaseId);
      await withVersions(db);
      const { remote, deployer } = remoteDeployer();
      remote.status = async () => {
        throw new Error('503 Service Unavailable');
      };
      let now = new Date('2026-11-24T10:00:00Z');
      const engine = createTestPromotionEngine(db, {
        deployers: [deployer],
        now: () => now,
      });

      const first = await engine.promotions.promote(service, {
        version: '1.0.0',
        requestedBy: ana,
      });
      await engine.runner.reconcile();
      expect(await engine.approvals.details(service, first.id)).toMatchObject({
        state: 'in-progress',
        deployerError: 'status failed: 503 Service Unavailable',
      });

      now = new Date('2026-11-24T10:10:00Z');
      await engine.runner.reconcile();
      expect(await engine.approvals.details(service, first.id)).toMatchObject({
        state: 'failed',
        reason:
          "Timed out: still in progress at its deadline 2026-11-24T10:10:00.000Z; the deployer's last error: status failed: 503 Service Unavailable",
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'holds the stage while the outcome is unknown, until a person resolves it (%p)',
    async databaseId => {
      const db = await createLedgerDatabase(databases, databaseId);
      await withVersions(db);
      const { remote, deployer } = remoteDeployer();
      remote.start = async () => ({
        state: 'unknown',
        message: 'The pipeline run could not be found',
      });
      let now = new Date('2026-11-24T10:00:00Z');
      const engine = createTestPromotionEngine(db, {
        deployers: [deployer],
        now: () => now,
      });
      const promote = (version: string) =>
        engine.promotions.promote(service, { version, requestedBy: ana });
      const resolve = (id: string, action: any, reason: string) =>
        engine.promotions.resolve(service, id, {
          action,
          reason,
          resolvedBy: 'user:default/ben',
        });

      const first = await promote('1.0.0');
      expect(first).toMatchObject({
        state: 'unknown',
        deployerError: 'The pipeline run could not be found',
      });
      // Past its deadline it is not failed: a person decides.
      now = new Date('2026-11-24T11:00:00Z');
      await engine.runner.reconcile();
      expect((await engine.approvals.details(service, first.id)).state).toBe(
        'unknown',
      );
      await expect(promote('1.0.0')).rejects.toMatchObject({
        name: 'ConflictError',
      });

      // Asked again, until a new deadline; the deployer answers this time.
      await expect(
        resolve(first.id, 'retry-status', 'The run exists now'),
      ).resolves.toMatchObject({ state: 'in-progress' });
      remote.status = async () => ({ state: 'succeeded' });
      await engine.runner.reconcile();
      expect((await engine.approvals.details(service, first.id)).state).toBe(
        'succeeded',
      );
      await expect(
        resolve(first.id, 'mark-failed', 'Too late'),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: `Deployment ${first.id} is succeeded, not unknown`,
      });

      // The stage was promoted from dev; the next goes to staging.
      const second = await promote('1.0.0');
      expect(second).toMatchObject({ stage: 'staging', state: 'unknown' });
      await expect(
        resolve(second.id, 'mark-failed', 'Nothing ran in staging'),
      ).resolves.toMatchObject({
        state: 'failed',
        reason: 'Nothing ran in staging',
      });

      const third = await promote('1.0.0');
      expect(third).toMatchObject({ stage: 'staging', state: 'unknown' });
      await expect(
        resolve(third.id, 'mark-succeeded', 'Staging runs 1.0.0'),
      ).resolves.toMatchObject({ state: 'succeeded' });
      const staging = (
        await new StageStateStore(db).ofService(service.ref)
      ).get('staging');
      expect(staging?.current?.id).toBe(third.id);
      expect(staging?.inFlight).toBeUndefined();
      expect(remote.starts).toBe(3);
    },
  );
});
