import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import { startTestLedgerBackend } from './__testUtils__/startTestLedgerBackend';
import { releaseTrainsPlugin } from './plugin';
import { createLedgerTestDatabases } from './__testUtils__/testDatabases';

jest.setTimeout(60_000);

describe('releaseTrainsPlugin', () => {
  const databases = createLedgerTestDatabases();

  it('does not start when a stage names a deployer that is not installed', async () => {
    await expect(
      startTestLedgerBackend(databases, 'SQLITE_3', {
        releaseTrains: {
          pipelines: {
            default: {
              deployer: 'demo',
              stages: [{ name: 'dev' }, { name: 'prod', deployer: 'argocd' }],
            },
          },
          deployers: { demo: { durationSeconds: 0 } },
        },
      }),
    ).rejects.toThrow(
      "Stage prod of pipeline default uses the deployer 'argocd', which is not installed (installed: demo)",
    );
  });

  it('starts when every stage names an installed deployer', async () => {
    await expect(
      startTestLedgerBackend(databases, 'SQLITE_3', {
        releaseTrains: {
          pipelines: {
            default: { deployer: 'demo', stages: [{ name: 'dev' }] },
          },
          deployers: { demo: { durationSeconds: 0 } },
        },
      }),
    ).resolves.toBeDefined();
  });

  describe('when NODE_ENV is production', () => {
    const nodeEnv = process.env.NODE_ENV;
    beforeEach(() => {
      process.env.NODE_ENV = 'production';
    });
    afterEach(() => {
      process.env.NODE_ENV = nodeEnv;
    });
    const start = async (data: JsonObject) =>
      startTestBackend({
        features: [
          releaseTrainsPlugin,
          catalogServiceMock.factory(),
          mockServices.database.factory({
            knex: await databases.init('SQLITE_3'),
          }),
          mockServices.rootConfig.factory({ data }),
        ],
      });

    it('does not start with guest sign-in configured', async () => {
      await expect(
        start({ auth: { providers: { guest: {} } } }),
      ).rejects.toThrow(
        /Guest sign-in is configured \(auth\.providers\.guest\) and NODE_ENV is production.*releaseTrains\.allowGuestSignIn: true/,
      );
    });

    it('starts with guest sign-in when releaseTrains.allowGuestSignIn is true', async () => {
      const backend = start({
        auth: { providers: { guest: {} } },
        releaseTrains: { allowGuestSignIn: true },
      });
      await expect(backend).resolves.toBeDefined();
      await (await backend).stop();
    });

    it('starts without guest sign-in', async () => {
      const backend = start({});
      await expect(backend).resolves.toBeDefined();
      await (await backend).stop();
    });
  });
});
