import { createBackendModule } from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import releaseTrainsPlugin from '@release-trains/plugin-release-trains-backend';
import {
  ReleaseTrainsDeployer,
  releaseTrainsDeployerExtensionPoint,
} from './deployers';

function deployerModule(moduleId: string, deployer: ReleaseTrainsDeployer) {
  return createBackendModule({
    pluginId: 'release-trains',
    moduleId,
    register(env) {
      env.registerInit({
        deps: { deployers: releaseTrainsDeployerExtensionPoint },
        async init({ deployers }) {
          deployers.addDeployer(deployer);
        },
      });
    },
  });
}

const fakeDeployer = (id: string): ReleaseTrainsDeployer => ({
  id,
  start: async () => ({ state: 'in-progress' }),
  status: async () => ({ state: 'succeeded' }),
});

describe('releaseTrainsDeployerExtensionPoint', () => {
  it('lets a module add a deployer to the release-trains backend', async () => {
    const backend = await startTestBackend({
      features: [
        releaseTrainsPlugin,
        catalogServiceMock.factory(),
        deployerModule('webhook', fakeDeployer('webhook')),
      ],
    });
    await backend.stop();
  });

  it('refuses two deployers with the same id', async () => {
    await expect(
      startTestBackend({
        features: [
          releaseTrainsPlugin,
          catalogServiceMock.factory(),
          deployerModule('one', fakeDeployer('webhook')),
          deployerModule('two', fakeDeployer('webhook')),
        ],
      }),
    ).rejects.toThrow(/deployer with id 'webhook' is already registered/);
  });
});
