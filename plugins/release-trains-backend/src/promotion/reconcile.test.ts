import {
  DeployerStatus,
  ReleaseTrainsDeployer,
} from '@internal/backstage-plugin-release-trains-node';
import { createLedgerDatabase } from '../__testUtils__/ledger';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';
import { ReleaseService } from '../catalog/ServiceDirectory';
import { DEFAULT_PIPELINES } from '../config/pipelines';
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
});
