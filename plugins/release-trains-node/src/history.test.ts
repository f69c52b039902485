import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import releaseTrainsPlugin from '@release-trains/plugin-release-trains-backend';
import {
  ReleaseTrainsHistoryImporter,
  releaseTrainsHistoryExtensionPoint,
} from './history';

function importerModule(
  moduleId: string,
  importer: ReleaseTrainsHistoryImporter,
) {
  return createBackendModule({
    pluginId: 'release-trains',
    moduleId,
    register(env) {
      env.registerInit({
        deps: { history: releaseTrainsHistoryExtensionPoint },
        async init({ history }) {
          history.addHistoryImporter(importer);
        },
      });
    },
  });
}

const builtAt = new Date('2026-11-20T09:00:00.000Z');

describe('releaseTrainsHistoryExtensionPoint', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it('runs an importer in one transaction: one that fails stops start-up and leaves the ledger as it was', async () => {
    const knex = await databases.init('SQLITE_3');
    const start = (importer: ReleaseTrainsHistoryImporter) =>
      startTestBackend({
        features: [
          releaseTrainsPlugin,
          catalogServiceMock.factory(),
          mockServices.database.factory({ knex }),
          importerModule('history', importer),
        ],
      });

    await expect(
      start({
        id: 'old-tool',
        async importHistory(ledger) {
          await ledger.addVersions([
            {
              service: 'component:default/payments',
              version: '1.0.0',
              commitSha: 'a'.repeat(40),
              builtAt,
              changes: [],
            },
          ]);
          await ledger.addDeployments([
            {
              service: 'component:default/payments',
              stage: 'dev',
              version: '1.0.0',
              kind: 'deploy',
              createdBy: 'user:default/ana',
              createdAt: builtAt,
            },
          ]);
          throw new Error('The old tool went away');
        },
      }),
    ).rejects.toThrow(
      "History importer 'old-tool' failed; caused by Error: The old tool went away",
    );

    let empty: boolean | undefined;
    const backend = await start({
      id: 'check',
      async importHistory(ledger) {
        empty = await ledger.isEmpty();
      },
    });
    expect(empty).toBe(true);
    await backend.stop();
  });

  it('refuses two importers with the same id', async () => {
    const importer = { id: 'old-tool', importHistory: async () => {} };
    await expect(
      startTestBackend({
        features: [
          releaseTrainsPlugin,
          catalogServiceMock.factory(),
          importerModule('one', importer),
          importerModule('two', importer),
        ],
      }),
    ).rejects.toThrow(
      /history importer with id 'old-tool' is already registered/,
    );
  });
});
