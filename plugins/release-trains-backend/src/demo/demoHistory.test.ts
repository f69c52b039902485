import { mockServices } from '@backstage/backend-test-utils';
import { DeploymentStore } from '../ledger/DeploymentStore';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';
import {
  buildDemoHistory,
  DEMO_SERVICES,
  seedDemoHistory,
} from './demoHistory';

const stages = ['dev', 'staging', 'prod'];
const now = new Date('2026-11-21T12:00:00.000Z');

describe('demo history', () => {
  const databases = createLedgerTestDatabases();

  it('gives every demo service a different version in each stage, all in the past', () => {
    const history = buildDemoHistory(stages, now);
    for (const name of DEMO_SERVICES) {
      const own = history.filter(
        d => d.service === `component:default/${name}`,
      );
      const latest = stages.map(
        stage => own.filter(d => d.stage === stage).at(-1)?.version,
      );
      expect(new Set(latest).size).toBe(3);
    }
    expect(history.every(d => d.createdAt! < now)).toBe(true);
    expect(buildDemoHistory(stages, now)).toEqual(history);
  });

  it.each(databases.eachSupportedId())(
    'seeds an empty ledger once and leaves a used one alone on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await DeploymentStore.create({
        database: mockServices.database({ knex }),
      });
      const logger = mockServices.logger.mock();

      await seedDemoHistory({ store, stages, logger, now });
      const payments = await store.latestByStage('component:default/payments');
      expect([...payments.keys()].sort()).toEqual(['dev', 'prod', 'staging']);
      const count = async () =>
        (await knex('deployments').count({ n: '*' }))[0].n;
      const seeded = Number(await count());
      expect(seeded).toBe(buildDemoHistory(stages, now).length);

      await seedDemoHistory({ store, stages, logger, now });
      expect(Number(await count())).toBe(seeded);
    },
  );
});
