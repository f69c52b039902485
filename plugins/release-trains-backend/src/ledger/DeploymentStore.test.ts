import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';
import { DeploymentStore, NewDeployment } from './DeploymentStore';

jest.setTimeout(60_000);

const payments = 'component:default/payments';

/** A payments deployment; `day` is the day of November 2026 it happened. */
function paymentsDeployment(
  stage: string,
  version: string,
  day: number,
  extra: Partial<NewDeployment> = {},
): NewDeployment {
  return {
    service: payments,
    stage,
    version,
    kind: 'deploy',
    createdBy: 'user:default/ana',
    createdAt: new Date(Date.UTC(2026, 10, day, 10)),
    ...extra,
  };
}

describe('DeploymentStore', () => {
  const databases = createLedgerTestDatabases();

  async function createStore(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    return DeploymentStore.create({
      database: mockServices.database({ knex }),
    });
  }

  it.each(databases.eachSupportedId())(
    'lists a service’s deployments newest first on %p',
    async databaseId => {
      const store = await createStore(databaseId);
      await store.record(paymentsDeployment('dev', '1.0.0', 1));
      await store.record(paymentsDeployment('dev', '1.1.0', 2));
      await store.record(
        paymentsDeployment('dev', '9.9.9', 3, {
          service: 'component:default/cart',
        }),
      );

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
        paymentsDeployment('dev', '1.0.0', 1),
        paymentsDeployment('prod', '1.0.0', 3, { kind: 'promote' }),
        paymentsDeployment('dev', '1.2.0', 4, {
          createdBy: 'user:default/ben',
        }),
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
