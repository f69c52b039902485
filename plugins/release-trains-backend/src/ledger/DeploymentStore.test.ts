import { mockServices } from '@backstage/backend-test-utils';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';
import { DeploymentStore } from './DeploymentStore';

jest.setTimeout(60_000);

const payments = 'component:default/payments';
const at = (iso: string) => new Date(iso);

describe('DeploymentStore', () => {
  const databases = createLedgerTestDatabases();

  async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    return DeploymentStore.create({
      database: mockServices.database({ knex }),
    });
  }

  it.each(databases.eachSupportedId())(
    'lists a service’s deployments newest first on %p',
    async databaseId => {
      const store = await createStore(databaseId);
      await store.record({
        service: payments,
        stage: 'dev',
        version: '1.0.0',
        kind: 'deploy',
        createdBy: 'user:default/ana',
        createdAt: at('2026-11-01T10:00:00.000Z'),
      });
      await store.record({
        service: payments,
        stage: 'dev',
        version: '1.1.0',
        kind: 'deploy',
        createdBy: 'user:default/ana',
        createdAt: at('2026-11-02T10:00:00.000Z'),
      });
      await store.record({
        service: 'component:default/cart',
        stage: 'dev',
        version: '9.9.9',
        kind: 'deploy',
        createdBy: 'user:default/ben',
      });

      const listed = await store.listByService(payments, { limit: 10 });
      expect(listed.map(d => [d.version, d.createdAt])).toEqual([
        ['1.1.0', '2026-11-02T10:00:00.000Z'],
        ['1.0.0', '2026-11-01T10:00:00.000Z'],
      ]);
      expect(await store.listByService(payments, { limit: 1 })).toHaveLength(1);
    },
  );

  it.each(databases.eachSupportedId())(
    'reports the latest deployment of each stage on %p',
    async databaseId => {
      const store = await createStore(databaseId);
      expect(await store.isEmpty()).toBe(true);
      await store.recordAll([
        {
          service: payments,
          stage: 'dev',
          version: '1.0.0',
          kind: 'deploy',
          createdBy: 'user:default/ana',
          createdAt: at('2026-11-01T10:00:00.000Z'),
        },
        {
          service: payments,
          stage: 'prod',
          version: '1.0.0',
          kind: 'promote',
          createdBy: 'user:default/ana',
          createdAt: at('2026-11-03T10:00:00.000Z'),
        },
        {
          service: payments,
          stage: 'dev',
          version: '1.2.0',
          kind: 'deploy',
          createdBy: 'user:default/ben',
          createdAt: at('2026-11-04T10:00:00.000Z'),
        },
      ]);

      const latest = await store.latestByStage(payments);
      expect(await store.isEmpty()).toBe(false);
      expect([...latest.keys()].sort()).toEqual(['dev', 'prod']);
      expect(latest.get('dev')).toMatchObject({
        version: '1.2.0',
        createdBy: 'user:default/ben',
      });
      expect(latest.get('prod')).toMatchObject({
        version: '1.0.0',
        kind: 'promote',
      });
      expect((await store.latestByStage('component:default/none')).size).toBe(
        0,
      );
    },
  );
});
