import { startTestLedgerBackend } from './__testUtils__/startTestLedgerBackend';
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
});
