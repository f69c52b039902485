import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  releaseTrainsDeployerExtensionPoint,
  releaseTrainsHistoryExtensionPoint,
} from '@release-trains/plugin-release-trains-node';
import { DemoDeployer } from './DemoDeployer';
import { createDemoHistoryImporter } from './demoHistoryImporter';

/**
 * Demo data for the Release Trains backend: when
 * `releaseTrains.deployers.demo` is configured, the `demo` deployer, which
 * simulates deployments; when `releaseTrains.demo.seed` is on, a deploy
 * history for the bundled demo catalog, seeded into an empty ledger. Without
 * either it adds nothing, so a configuration without demo keys runs no demo.
 *
 * @public
 */
export const releaseTrainsModuleDemo = createBackendModule({
  pluginId: 'release-trains',
  moduleId: 'demo',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        deployers: releaseTrainsDeployerExtensionPoint,
        history: releaseTrainsHistoryExtensionPoint,
      },
      async init({ config, logger, deployers, history }) {
        if (config.has('releaseTrains.deployers.demo')) {
          deployers.addDeployer(DemoDeployer.fromConfig(config));
        }
        if (config.getOptionalBoolean('releaseTrains.demo.seed')) {
          history.addHistoryImporter(
            createDemoHistoryImporter({ config, logger }),
          );
        }
      },
    });
  },
});
