import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import express from 'express';
import {
  DeploymentStatusReporter,
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
export function createReleaseTrainsDeployerModule<
  TDeployer extends ReleaseTrainsDeployer,
>(options: {
  moduleId: string;
  /** Where its configuration lives, for the log line, e.g. releaseTrains.deployers.webhook. */
  configPath: string;
  fromConfig(config: Config): TDeployer | undefined;
  /**
   * Routes through which the deployment system calls back, mounted under
   * `/api/release-trains/deployers/<deployer id>`; they authenticate their
   * callers themselves (e.g. by signature).
   */
  callbackRouter?(
    deployer: TDeployer,
    reporter: DeploymentStatusReporter,
  ): express.Router;
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
          httpRouter: coreServices.httpRouter,
        },
        async init({ deployers, config, logger, httpRouter }) {
          const deployer = options.fromConfig(config);
          if (!deployer) {
            logger.info(
              `${options.configPath} is not configured; the ${options.moduleId} is off`,
            );
            return;
          }
          deployers.addDeployer(deployer);
          if (options.callbackRouter) {
            const path = `/deployers/${deployer.id}`;
            httpRouter.addAuthPolicy({ path, allow: 'unauthenticated' });
            const router = express.Router();
            router.use(
              path,
              options.callbackRouter(
                deployer,
                deployers.statusReporter(deployer.id),
              ),
            );
            httpRouter.use(router);
          }
        },
      });
    },
  });
}
