import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { releaseTrainsPermissions } from '@internal/backstage-plugin-release-trains-common';
import {
  ReleaseTrainsDeployer,
  releaseTrainsDeployerExtensionPoint,
} from '@internal/backstage-plugin-release-trains-node';
import { ServiceDirectory } from './catalog/ServiceDirectory';
import { syncServices } from './catalog/syncServices';
import { DEFAULT_PIPELINES, readPipelines } from './config/pipelines';
import { seedDemoHistory } from './demo/demoHistory';
import { seedDemoTrainRuns } from './demo/demoTrainRuns';
import { IngestionService } from './ingestion/IngestionService';
import { readIngestionSettings } from './ingestion/sources';
import { ChangeStore } from './ledger/ChangeStore';
import { DeploymentStore, migrateLedger } from './ledger/DeploymentStore';
import { ServiceStore } from './ledger/ServiceStore';
import { VersionStore } from './ledger/VersionStore';
import { createRouter } from './service/router';
import { readTrains } from './config/trains';
import { TrainStore } from './ledger/TrainStore';
import { Conductor } from './trains/Conductor';
import { ApprovalStore } from './ledger/ApprovalStore';
import { DemoDeployer } from './promotion/DemoDeployer';
import { ApproverCheck } from './promotion/approvers';
import { createPromotionEvents } from './promotion/PromotionEvents';
import { PromotionService } from './promotion/PromotionService';
import { UngatedDeployments } from './promotion/ungated';
import { ServiceAccess } from './catalog/ServiceAccess';
import { ServiceRegistration } from './catalog/ServiceRegistration';
import { TrainsService } from './trains/TrainsService';

/**
 * The Release Trains backend plugin: the deploy ledger and its HTTP API.
 *
 * @public
 */
export const releaseTrainsPlugin = createBackendPlugin({
  pluginId: 'release-trains',
  register(env) {
    const deployers = new Map<string, ReleaseTrainsDeployer>();
    // Set once the plugin has started; status reports wait for it.
    let promotionService: PromotionService | undefined;
    env.registerExtensionPoint(releaseTrainsDeployerExtensionPoint, {
      addDeployer(deployer) {
        if (deployers.has(deployer.id)) {
          throw new Error(
            `A release-trains deployer with id '${deployer.id}' is already registered`,
          );
        }
        deployers.set(deployer.id, deployer);
      },
      statusReporter(deployerId) {
        return {
          async report(deploymentId, status) {
            if (!promotionService) {
              throw new ServiceUnavailableError(
                'The release-trains backend is starting',
              );
            }
            await promotionService.report(deployerId, deploymentId, status);
          },
        };
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
        notifications: notificationService,
        signals: signalsServiceRef,
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
        notifications,
        signals,
      }) {
        const pipelines = readPipelines(config);
        const trains = readTrains(config, pipelines);
        const ingestionSettings = readIngestionSettings(config);

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
        if (!deployers.has('demo')) {
          deployers.set('demo', DemoDeployer.fromConfig(config));
        }
        logger.info(`Deployers: ${[...deployers.keys()].join(', ')}`);
        const events = createPromotionEvents({
          signals,
          notifications,
          logger,
          ownerOf: async ref => (await serviceStore.get(ref))?.owner,
        });
        const promotions = new PromotionService({
          deployments,
          versions,
          approvals: new ApprovalStore(db),
          approvers: new ApproverCheck({ catalog, auth }),
          deployers,
          auditor,
          logger,
          events,
        });
        const ungated = new UngatedDeployments({
          deployments,
          versions,
          events,
          auditor,
        });
        promotionService = promotions;
        const changes = new ChangeStore(db);
        const trainStore = new TrainStore(db);
        const conductor = new Conductor({
          trains,
          trainStore,
          deployments,
          versions,
          changes,
          services: serviceStore,
          resolveServices: async refs =>
            services.findMany(refs, await auth.getOwnServiceCredentials()),
          promotions,
          logger,
        });
        if (config.getOptionalBoolean('releaseTrains.demo.seed')) {
          await seedDemoTrainRuns({ trains, trainStore, deployments, logger });
        }
        if (trains.size > 0) {
          await scheduler.scheduleTask({
            id: 'release-trains-conductor',
            frequency: { seconds: 30 },
            timeout: { minutes: 5 },
            initialDelay: { seconds: 10 },
            fn: () => conductor.tick(new Date()),
          });
        }
        await scheduler.scheduleTask({
          id: 'release-trains-reconciler',
          frequency: { seconds: 10 },
          timeout: { minutes: 1 },
          initialDelay: { seconds: 5 },
          fn: () => promotions.reconcile(),
        });

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
            access: new ServiceAccess({ permissions, directory: services }),
            deployments,
            versions,
            changes,
            serviceStore,
            ingestion: new IngestionService({
              db,
              services,
              auth,
              settings: ingestionSettings,
              ungated,
            }),
            ingestionSettings,
            promotions,
            ungated,
            registration: new ServiceRegistration({
              services: serviceStore,
              directory: services,
              auth,
              pipelines,
              trains,
              appBaseUrl: (
                config.getOptionalString('app.baseUrl') ?? ''
              ).replace(/\/$/, ''),
            }),
            pipelines,
            trainsService: new TrainsService({
              trains,
              trainStore,
              changes,
              conductor,
            }),
            conductor,
          }),
        );
      },
    });
  },
});
