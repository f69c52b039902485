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
import { syncServices } from './catalog/syncServices';
import { DEFAULT_PIPELINES, readPipelines } from './config/pipelines';
import { seedDemoHistory } from './demo/demoHistory';
import { IngestionService } from './ingestion/IngestionService';
import { readIngestionSecrets } from './ingestion/signature';
import { ChangeStore } from './ledger/ChangeStore';
import { DeploymentStore, migrateLedger } from './ledger/DeploymentStore';
import { ServiceStore } from './ledger/ServiceStore';
import { VersionStore } from './ledger/VersionStore';
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
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
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
        scheduler,
        auth,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
        auditor,
        catalog,
      }) {
        const pipelines = readPipelines(config);
        const ingestionSecrets = readIngestionSecrets(config);

        const db = await database.getClient();
        if (!database.migrations?.skip) {
          await migrateLedger(db);
        }
        const deployments = new DeploymentStore(db);
        const versions = new VersionStore(db);
        const serviceStore = new ServiceStore(db);
        const services = new ServiceDirectory({
          catalog,
          services: serviceStore,
          pipelines,
        });

        if (config.getOptionalBoolean('releaseTrains.demo.seed')) {
          const demoPipeline =
            pipelines.get('default') ?? DEFAULT_PIPELINES.get('default')!;
          await seedDemoHistory({
            deployments,
            versions,
            stages: demoPipeline.stages.map(s => s.name),
            logger,
          });
        }
        if (deployers.size > 0) {
          logger.info(`Deployers: ${[...deployers.keys()].join(', ')}`);
        }

        await scheduler.scheduleTask({
          id: 'release-trains-catalog-sync',
          frequency: { minutes: 5 },
          timeout: { minutes: 3 },
          initialDelay: { seconds: 15 },
          fn: () =>
            syncServices({
              catalog,
              auth,
              services: serviceStore,
              logger,
            }).then(() => undefined),
        });

        permissionsRegistry.addPermissions(releaseTrainsPermissions);
        // CI may sign its events instead of sending a token; the route checks.
        httpRouter.addAuthPolicy({ path: '/events', allow: 'unauthenticated' });
        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            auditor,
            deployments,
            versions,
            changes: new ChangeStore(db),
            services,
            ingestion: new IngestionService({ db, services, auth }),
            ingestionSecrets,
          }),
        );
      },
    });
  },
});
