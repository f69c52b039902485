import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ConflictError, ServiceUnavailableError } from '@backstage/errors';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { releaseTrainsPermissions } from '@release-trains/plugin-release-trains-common';
import {
  ReleaseTrainsDeployer,
  releaseTrainsDeployerExtensionPoint,
  ReleaseTrainsHistoryImporter,
  releaseTrainsHistoryExtensionPoint,
  ReleaseTrainsMetricProvider,
  releaseTrainsMetricProviderExtensionPoint,
} from '@release-trains/plugin-release-trains-node';
import { ServiceAccess } from './catalog/ServiceAccess';
import { ServiceDirectory } from './catalog/ServiceDirectory';
import { ServiceRegistration } from './catalog/ServiceRegistration';
import { syncServices } from './catalog/syncServices';
import { assertDeployersInstalled, readPipelines } from './config/pipelines';
import { assertGuestSignInAllowed } from './config/signInPolicy';
import { readTrains } from './config/trains';
import {
  readInsightsSettings,
  readWeeklyDigestSettings,
} from './config/insights';
import { DependencyGraphService } from './graph/DependencyGraphService';
import { IngestionService } from './ingestion/IngestionService';
import { ComplianceService } from './insights/ComplianceService';
import { DoraService } from './insights/DoraService';
import { DriftService } from './insights/DriftService';
import { LagService } from './insights/LagService';
import { WeeklyDigest } from './insights/WeeklyDigest';
import {
  assertSourceReportsFor,
  readIngestionSettings,
} from './ingestion/sources';
import { importHistory } from './ledger/historyImport';
import { Ledger } from './ledger/Ledger';
import { migrateLedger } from './ledger/migrations';
import { ApproverCheck } from './promotion/approvers';
import { DeploymentRunner } from './promotion/DeploymentRunner';
import { createLiveUpdates } from './promotion/LiveUpdates';
import { createPromotionEvents } from './promotion/PromotionEvents';
import { UngatedDeployments } from './promotion/ungated';
import { ReleaseQueries } from './queries/ReleaseQueries';
import { metricProviders } from './rollout/providers';
import { createDeliveryEngine } from './rollout/engine';
import { RehearsalService } from './rollout/RehearsalService';
import { RolloutService } from './rollout/RolloutService';
import { createRouter } from './service/router';
import { Conductor } from './trains/Conductor';
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
    // Set once the plugin has started; status and health reports wait for them.
    let runner: DeploymentRunner | undefined;
    let rollouts: RolloutService | undefined;
    const starting = () =>
      new ServiceUnavailableError('The release-trains backend is starting');
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
            if (!runner) throw starting();
            await runner.report(deployerId, deploymentId, status);
          },
        };
      },
      healthReporter(deployerId) {
        return {
          async report(deploymentId, samples) {
            if (!rollouts) throw starting();
            await rollouts.reportHealth(
              deploymentId,
              samples,
              `deployer:${deployerId}`,
              (_service, deployer) => {
                if (deployer !== deployerId) {
                  throw new ConflictError(
                    `Deployment ${deploymentId} is not carried out by the ${deployerId} deployer`,
                  );
                }
              },
            );
          },
        };
      },
    });
    const addedProviders = new Map<string, ReleaseTrainsMetricProvider>();
    env.registerExtensionPoint(releaseTrainsMetricProviderExtensionPoint, {
      addMetricProvider(provider) {
        if (addedProviders.has(provider.id)) {
          throw new Error(
            `A release-trains metric provider with id '${provider.id}' is already registered`,
          );
        }
        addedProviders.set(provider.id, provider);
      },
    });
    const historyImporters = new Map<string, ReleaseTrainsHistoryImporter>();
    env.registerExtensionPoint(releaseTrainsHistoryExtensionPoint, {
      addHistoryImporter(importer) {
        if (historyImporters.has(importer.id)) {
          throw new Error(
            `A release-trains history importer with id '${importer.id}' is already registered`,
          );
        }
        historyImporters.set(importer.id, importer);
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
        // Production with guest sign-in stops here unless explicitly allowed.
        if (
          assertGuestSignInAllowed(config, process.env.NODE_ENV)
            .guestInProduction
        ) {
          logger.warn(
            'Guest sign-in is configured in production (releaseTrains.allowGuestSignIn is true): guests may request promotions and approve, as far as the permission policy allows',
          );
        }
        const db = await database.getClient();
        const ledger = new Ledger(db);
        const providers = metricProviders(
          ledger,
          config,
          addedProviders.values(),
        );
        const pipelines = readPipelines(config, new Set(providers.keys()));
        // Deployer modules have registered: a plugin's modules start before it.
        assertDeployersInstalled(pipelines, new Set(deployers.keys()));
        const trains = readTrains(config, pipelines);
        const ingestionSettings = readIngestionSettings(config);
        const insightsSettings = readInsightsSettings(config);
        const digestSettings = readWeeklyDigestSettings(config);

        if (!database.migrations?.skip) {
          await migrateLedger(db);
        }
        await importHistory(ledger, historyImporters.values(), logger);
        const services = new ServiceDirectory({
          catalog,
          services: ledger.services,
          pipelines,
        });

        logger.info(`Deployers: ${[...deployers.keys()].join(', ') || 'none'}`);
        const live = createLiveUpdates({ signals, logger });
        const events = createPromotionEvents({
          signals,
          notifications,
          logger,
          ownerOf: async ref => (await ledger.services.get(ref))?.owner,
        });
        const resolveService = async (ref: string) =>
          (
            await services.findMany(
              [ref],
              await auth.getOwnServiceCredentials(),
            )
          ).get(ref);
        const delivery = createDeliveryEngine({
          ledger,
          approvers: new ApproverCheck({ catalog, auth }),
          deployers,
          auditor,
          logger,
          events,
          providers,
          resolveService,
        });
        const { engine } = delivery;
        const rolloutService = delivery.rollouts;
        rollouts = rolloutService;
        runner = engine.runner;
        const rehearsals = new RehearsalService({
          ledger,
          promotions: engine.promotions,
          resolveService,
          logger,
          live,
          now: () => new Date(),
        });
        await scheduler.scheduleTask({
          id: 'release-trains-rehearsals',
          frequency: { seconds: 10 },
          timeout: { minutes: 2 },
          initialDelay: { seconds: 10 },
          fn: () => rehearsals.tick(),
        });
        await scheduler.scheduleTask({
          id: 'release-trains-rollouts',
          frequency: { seconds: 5 },
          timeout: { minutes: 2 },
          initialDelay: { seconds: 5 },
          fn: abortSignal => rolloutService.stepper.tick(abortSignal),
        });
        const ungated = new UngatedDeployments({
          ledger,
          assertReportsFor: (subject, service) =>
            assertSourceReportsFor(ingestionSettings, subject, service),
          events,
          auditor,
        });
        const conductor = new Conductor({
          trains,
          ledger,
          resolveServices: async refs =>
            services.findMany(refs, await auth.getOwnServiceCredentials()),
          promotions: engine.promotions,
          live,
          logger,
        });
        if (trains.size > 0) {
          await scheduler.scheduleTask({
            id: 'release-trains-conductor',
            frequency: { seconds: 30 },
            timeout: { minutes: 5 },
            initialDelay: { seconds: 10 },
            fn: abortSignal => conductor.tick(new Date(), abortSignal),
          });
        }
        await scheduler.scheduleTask({
          id: 'release-trains-reconciler',
          frequency: { seconds: 10 },
          timeout: { minutes: 1 },
          initialDelay: { seconds: 5 },
          fn: abortSignal => engine.runner.reconcile(abortSignal),
        });

        await scheduler.scheduleTask({
          id: 'release-trains-catalog-sync',
          frequency: { minutes: 5 },
          timeout: { minutes: 3 },
          initialDelay: { seconds: 15 },
          fn: abortSignal =>
            syncServices({
              catalog,
              auth,
              services: ledger.services,
              logger,
              signal: abortSignal,
            }).then(() => undefined),
        });

        const lag = new LagService({ ledger, pipelines });
        const drift = new DriftService({
          ledger,
          pipelines,
          lag,
          thresholds: insightsSettings.drift,
          events,
          logger,
        });
        await scheduler.scheduleTask({
          id: 'release-trains-drift-watch',
          frequency: { minutes: 15 },
          timeout: { minutes: 5 },
          initialDelay: { minutes: 1 },
          fn: () => drift.watch().then(() => undefined),
        });
        const dora = new DoraService({
          ledger,
          pipelines,
          settings: insightsSettings,
        });
        // Reads work out the facts of what changed since too; this keeps
        // them few, so that a report over the organisation stays quick.
        await scheduler.scheduleTask({
          id: 'release-trains-dora-facts',
          frequency: { minutes: 5 },
          timeout: { minutes: 10 },
          initialDelay: { seconds: 30 },
          fn: () => dora.refreshAll(),
        });
        if (digestSettings.enabled) {
          const digest = new WeeklyDigest({
            ledger,
            pipelines,
            dora,
            settings: digestSettings,
            notifications,
            logger,
          });
          // Frequent, so that the digest goes out soon after its hour; a
          // run finds what it sent already in the ledger and stops there.
          await scheduler.scheduleTask({
            id: 'release-trains-weekly-digest',
            frequency: { minutes: 15 },
            timeout: { minutes: 10 },
            initialDelay: { minutes: 1 },
            fn: () => digest.send().then(() => undefined),
          });
        }

        permissionsRegistry.addPermissions(releaseTrainsPermissions);
        // CI may sign its events instead of sending a token; the route checks.
        httpRouter.addAuthPolicy({ path: '/events', allow: 'unauthenticated' });
        httpRouter.addAuthPolicy({
          path: '/deployments/:id/health',
          allow: 'unauthenticated',
        });
        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            auditor,
            access: new ServiceAccess({ permissions, directory: services }),
            queries: new ReleaseQueries({
              ledger,
              pipelines,
              trainOf: ref => conductor.trainOf(ref),
            }),
            promotions: engine.promotions,
            approvals: engine.approvals,
            rollouts: rolloutService,
            rehearsals,
            ungated,
            graph: new DependencyGraphService({ ledger, live }),
            dora,
            lag,
            drift,
            compliance: new ComplianceService({ ledger, pipelines }),
            trains: new TrainsService({ trains, ledger, conductor }),
            registration: new ServiceRegistration({
              services: ledger.services,
              directory: services,
              auth,
              pipelines,
              trains,
              appBaseUrl: (
                config.getOptionalString('app.baseUrl') ?? ''
              ).replace(/\/$/, ''),
              live,
            }),
            ingestion: new IngestionService({
              ledger,
              services,
              auth,
              settings: ingestionSettings,
              ungated,
              live,
            }),
            ingestionSettings,
          }),
        );
      },
    });
  },
});
