import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { releaseTrainsPermissions } from '@internal/backstage-plugin-release-trains-common';
import {
  ReleaseTrainsDeployer,
  releaseTrainsDeployerExtensionPoint,
} from '@internal/backstage-plugin-release-trains-node';
import { ServiceDirectory } from './catalog/ServiceDirectory';
import { DEFAULT_PIPELINES, readPipelines } from './config/pipelines';
import { seedDemoHistory } from './demo/demoHistory';
import { DeploymentStore } from './ledger/DeploymentStore';
import { createRouter } from './service/router';

/**
 * The Release Trains backend plugin: the deploy ledger and its HTTP API.
 *
 * @public
 */
export const releaseTrainsPlugin = createBackendPlugin({
  pluginId: 'release-trains',
  register(env) {
    const deployers = new Map<string, ReleaseTrainsDeployer>();
    env.registerExtensionPoint(releaseTrainsDeployerExtensionPoint, {
      addDeployer(deployer) {
        if (deployers.has(deployer.id)) {
          throw new Error(
            `A release-trains deployer with id '${deployer.id}' is already registered`,
          );
        }
        deployers.set(deployer.id, deployer);
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
      },
      async init({
        config,
        logger,
        database,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
        auditor,
        catalog,
      }) {
        const pipelines = readPipelines(config);
        const store = await DeploymentStore.create({ database });

        if (config.getOptionalBoolean('releaseTrains.demo.seed')) {
          const demoPipeline =
            pipelines.get('default') ?? DEFAULT_PIPELINES.get('default')!;
          await seedDemoHistory({
            store,
            stages: demoPipeline.stages.map(s => s.name),
            logger,
          });
        }
        if (deployers.size > 0) {
          logger.info(`Deployers: ${[...deployers.keys()].join(', ')}`);
        }

        permissionsRegistry.addPermissions(releaseTrainsPermissions);
        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            auditor,
            deployments: store,
            services: new ServiceDirectory(catalog, pipelines),
          }),
        );
      },
    });
  },
});
