import { mockServices } from '@backstage/backend-test-utils';
import { createLedgerDatabase } from '../__testUtils__/ledger';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';
import { DeploymentStore } from '../ledger/DeploymentStore';
import { VersionStore } from '../ledger/VersionStore';
import {
  buildDemoHistory,
  DEMO_SERVICES,
  seedDemoHistory,
} from './demoHistory';

jest.setTimeout(60_000);

const stages = ['dev', 'staging', 'prod'];
const now = new Date('2026-11-21T12:00:00.000Z');

describe('demo history', () => {
  const databases = createLedgerTestDatabases();

  it('gives every demo service a different version in each stage, all in the past', () => {
    const history = buildDemoHistory(stages, now);
    for (const name of DEMO_SERVICES) {
      const own = history.deployments.filter(
        d => d.service === `component:default/${name}`,
      );
      const latest = stages.map(
        stage => own.filter(d => d.stage === stage).at(-1)?.version,
      );
      expect(new Set(latest).size).toBe(3);
    }
    expect(history.deployments.every(d => d.createdAt! < now)).toBe(true);
    expect(history.versions.every(v => v.changes.length > 0)).toBe(true);
    expect(buildDemoHistory(stages, now)).toEqual(history);
  });

  it.each(databases.eachSupportedId())(
    'seeds an empty ledger once and leaves a used one alone on %p',
    async databaseId => {
      const knex = await createLedgerDatabase(databases, databaseId);
      const deployments = new DeploymentStore(knex);
      const versions = new VersionStore(knex);
      const logger = mockServices.logger.mock();
      const expected = buildDemoHistory(stages, now);

      await seedDemoHistory({ deployments, versions, stages, logger, now });
      const payments = await deployments.stageStates(
        'component:default/payments',
      );
      expect([...payments.keys()].sort()).toEqual(['dev', 'prod', 'staging']);
      const count = async (table: string) =>
        Number((await knex(table).count({ n: '*' }))[0].n);
      expect(await count('deployments')).toBe(expected.deployments.length);
      expect(await count('versions')).toBe(expected.versions.length);

      await seedDemoHistory({ deployments, versions, stages, logger, now });
      expect(await count('deployments')).toBe(expected.deployments.length);
    },
  );
});
