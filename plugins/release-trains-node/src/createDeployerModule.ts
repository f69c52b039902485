import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  ReleaseTrainsDeployer,
  releaseTrainsDeployerExtensionPoint,
} from './deployers';

/**
 * A backend module that adds one deployer to the Release Trains backend,
 * built from configuration; when `fromConfig` finds none, the module logs
 * that the deployer is off and adds nothing.
 *
 * @public
 */
export function createReleaseTrainsDeployerModule(options: {
  moduleId: string;
  /** Where its configuration lives, for the log line, e.g. releaseTrains.deployers.webhook. */
  configPath: string;
  fromConfig(config: Config): ReleaseTrainsDeployer | undefined;
}) {
  return createBackendModule({
    pluginId: 'release-trains',
    moduleId: options.moduleId,
    register(reg) {
      reg.registerInit({
        deps: {
          deployers: releaseTrainsDeployerExtensionPoint,
          config: coreServices.rootConfig,
          logger: coreServices.logger,
        },
        async init({ deployers, config, logger }) {
          const deployer = options.fromConfig(config);
          if (!deployer) {
            logger.info(
              `${options.configPath} is not configured; the ${options.moduleId} is off`,
            );
            return;
          }
          deployers.addDeployer(deployer);
        },
      });
    },
  });
}
