import {
  DeployerStatus,
  ReleaseTrainsDeployer,
} from '@release-trains/plugin-release-trains-node';
import { createLedgerDatabase } from '../__testUtils__/ledger';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';
import { ReleaseService } from '../catalog/ServiceDirectory';
import { DEFAULT_PIPELINES } from '../config/pipelines';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { applyDeployments } from '../ingestion/applyEvents';
import { DeploymentEvent } from '../ingestion/events';
import { DeploymentStore } from '../ledger/DeploymentStore';
import { Ledger } from '../ledger/Ledger';
import { StageStateStore } from '../ledger/StageStateStore';
import { VersionStore } from '../ledger/VersionStore';
import { createTestPromotionEngine } from '../__testUtils__/promotions';

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

describe('reconciler', () => {
  const databases = createLedgerTestDatabases();

  it.each(databases.eachSupportedId())(
    'ends deployments by their deployer’s status or their deadline, from the ledger alone (%p)',
    async databaseId => {
      const db = await createLedgerDatabase(databases, databaseId);
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
      let now = new Date('2026-11-24T10:00:00Z');
      let remoteStatus: DeployerStatus = { state: 'in-progress' };
      const remote: ReleaseTrainsDeployer = {
        id: 'remote',
        start: async () => ({ state: 'in-progress' }),
        status: async () => remoteStatus,
      };
      // A fresh service each time, as after a restart: nothing in memory.
      const promotions = () =>
        createTestPromotionEngine(db, { deployers: [remote], now: () => now });

      const first = await promotions().promotions.promote(service, {
        version: '1.0.0',
        requestedBy: 'user:default/ana',
      });
      expect(first).toMatchObject({ stage: 'dev', state: 'in-progress' });
      await promotions().runner.reconcile();
      expect(
        (await promotions().approvals.details(service, first.id)).state,
      ).toBe('in-progress');

      now = new Date('2026-11-24T10:10:00Z');
      await promotions().runner.reconcile();
      expect(
        await promotions().approvals.details(service, first.id),
      ).toMatchObject({
        state: 'failed',
        reason:
          'Timed out: still in progress at its deadline 2026-11-24T10:10:00.000Z',
      });

      const second = await promotions().promotions.promote(service, {
        version: '1.1.0',
        requestedBy: 'user:default/ana',
      });
      remoteStatus = { state: 'succeeded' };
      await promotions().runner.reconcile();
      expect(
        (await promotions().approvals.details(service, second.id)).state,
      ).toBe('succeeded');
      const dev = (await new StageStateStore(db).ofService(service.ref)).get(
        'dev',
      );
      expect(dev?.current?.version).toBe('1.1.0');
      expect(dev?.inFlight).toBeUndefined();
    },
  );

  it.each(databases.eachSupportedId())(
    'fails a deployment CI started and never reported on at its deadline, freeing the stage; a late success is still recorded (%p)',
    async databaseId => {
      const db = await createLedgerDatabase(databases, databaseId);
      await addVersions(db);
      let now = new Date('2026-11-24T10:00:00Z');
      const engine = createTestPromotionEngine(db, {
        deployers: [remoteDeployer()],
        now: () => now,
      });
      const ci = (type: DeploymentEvent['type']) =>
        reportFromCi(db, now, {
          type,
          service: service.ref,
          stage: 'dev',
          version: '1.0.0',
          externalId: 'gha-1',
          occurredAt: now.toISOString(),
        });
      const dev = async () =>
        (await new StageStateStore(db).ofService(service.ref)).get('dev')!;

      const [started] = await ci('deployment.started');
      const promoteDev = () =>
        engine.promotions.promote(service, {
          version: '1.1.0',
          stage: 'dev',
          requestedBy: 'user:default/ana',
        });
      await expect(promoteDev()).rejects.toThrow(/in flight/);

      now = new Date('2026-11-24T10:59:59Z');
      await engine.runner.reconcile();
      expect((await dev()).inFlight?.state).toBe('in-progress');

      now = new Date('2026-11-24T11:00:00Z');
      await engine.runner.reconcile();
      expect(
        await engine.approvals.details(service, started.deploymentId!),
      ).toMatchObject({
        state: 'failed',
        reason: 'No report from CI by its deadline 2026-11-24T11:00:00.000Z',
      });
      expect((await dev()).inFlight).toBeUndefined();

      // A late start does not bring it back in flight; a late success
      // says what the stage runs.
      expect(await ci('deployment.started')).toEqual([
        { outcome: 'unchanged', deploymentId: started.deploymentId },
      ]);
      expect((await dev()).inFlight).toBeUndefined();
      await ci('deployment.succeeded');
      const succeeded = await engine.approvals.details(
        service,
        started.deploymentId!,
      );
      expect(succeeded.state).toBe('succeeded');
      expect(succeeded.reason).toBeUndefined();
      expect((await dev()).current?.version).toBe('1.0.0');

      expect(await promoteDev()).toMatchObject({ state: 'in-progress' });
    },
  );

  it.each(databases.eachSupportedId())(
    'cancels a request still awaiting approval at its expiry (%p)',
    async databaseId => {
      const db = await createLedgerDatabase(databases, databaseId);
      await addVersions(db);
      let now = new Date('2026-11-24T10:00:00Z');
      const engine = createTestPromotionEngine(db, {
        deployers: [remoteDeployer()],
        now: () => now,
      });
      const approvedDev: ReleaseService = {
        ...service,
        pipeline: {
          ...service.pipeline,
          stages: service.pipeline.stages.map(stage =>
            stage.name === 'dev'
              ? {
                  ...stage,
                  gates: {
                    ...stage.gates,
                    approvals: 1,
                    approvalExpiryHours: 2,
                  },
                }
              : stage,
          ),
        },
      };
      const ask = () =>
        engine.promotions.promote(approvedDev, {
          version: '1.0.0',
          requestedBy: 'user:default/ana',
        });
      const asked = await ask();
      expect(asked.state).toBe('awaiting-approval');

      now = new Date('2026-11-24T11:59:59Z');
      await engine.runner.reconcile();
      expect((await engine.approvals.details(service, asked.id)).state).toBe(
        'awaiting-approval',
      );

      now = new Date('2026-11-24T12:00:00Z');
      await engine.runner.reconcile();
      expect(await engine.approvals.details(service, asked.id)).toMatchObject({
        state: 'cancelled',
        reason: 'Not approved by its deadline 2026-11-24T12:00:00.000Z',
      });
      expect((await ask()).state).toBe('awaiting-approval');
    },
  );

  it.each(databases.eachSupportedId())(
    'lets one of two concurrent rollbacks claim the stage, and retires what it replaced in the transaction that records its success (%p)',
    async databaseId => {
      const db = await createLedgerDatabase(databases, databaseId);
      await addVersions(db);
      const remote = remoteDeployer();
      const engine = createTestPromotionEngine(db, {
        deployers: [remote],
        now: () => new Date('2026-11-24T10:00:00Z'),
      });
      for (const version of ['1.0.0', '1.1.0']) {
        remote.next = { state: 'succeeded' };
        await engine.promotions.promote(service, {
          version,
          stage: 'dev',
          requestedBy: 'user:default/ana',
        });
      }
      remote.next = { state: 'in-progress' };
      const rollback = () =>
        engine.promotions.rollback(service, {
          stage: 'dev',
          reason: 'Errors',
          requestedBy: 'user:default/ana',
        });

      const results = await Promise.allSettled([rollback(), rollback()]);
      const won = results.filter(r => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      const winner = (won[0] as PromiseFulfilledResult<{ id: string }>).value;
      // In progress, it blocks a third.
      await expect(rollback()).rejects.toThrow(
        `Deployment ${winner.id} of 1.0.0 is already in flight into dev`,
      );

      const dev = async () =>
        (await new StageStateStore(db).ofService(service.ref)).get('dev')!;
      const replaced = (await dev()).current!;
      expect(replaced.version).toBe('1.1.0');
      // The retirement fails, as if the backend died between the two writes.
      const { transition } = DeploymentStore.prototype;
      const failing = jest
        .spyOn(DeploymentStore.prototype, 'transition')
        .mockImplementation(function retire(
          this: DeploymentStore,
          id,
          to,
          cause,
        ) {
          if (to === 'rolled-back') throw new Error('Connection lost');
          return transition.call(this, id, to, cause);
        });
      remote.next = { state: 'succeeded' };
      await engine.runner.reconcile();
      failing.mockRestore();
      expect((await engine.approvals.details(service, winner.id)).state).toBe(
        'in-progress',
      );
      expect((await dev()).current).toMatchObject({
        id: replaced.id,
        state: 'succeeded',
      });

      await engine.runner.reconcile();
      expect((await engine.approvals.details(service, winner.id)).state).toBe(
        'succeeded',
      );
      expect((await engine.approvals.details(service, replaced.id)).state).toBe(
        'rolled-back',
      );
      expect((await dev()).current?.version).toBe('1.0.0');
    },
  );
});

/** A deployer whose every answer, to a start or a poll, is `next`. */
function remoteDeployer(): ReleaseTrainsDeployer & { next: DeployerStatus } {
  const remote = {
    id: 'remote',
    next: { state: 'in-progress' } as DeployerStatus,
    start: async () => remote.next,
    status: async () => remote.next,
  };
  return remote;
}

/** Applies a CI event as a delivery received at `receivedAt` would. */
async function reportFromCi(
  db: Knex,
  receivedAt: Date,
  event: DeploymentEvent,
) {
  const { outcomes } = await new Ledger(db).transaction(tx =>
    applyDeployments({
      deployments: tx.deployments,
      stages: tx.stages,
      events: [event],
      deliveryId: randomUUID(),
      receivedAt,
      services: new Map([[service.ref, service]]),
    }),
  );
  return outcomes;
}

/** 1.0.0, then 1.1.0, built. */
async function addVersions(db: Knex) {
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
