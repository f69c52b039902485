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

/** Seconds between two health reports of a demo roll-out in progress. */
export const DEMO_HEALTH_REPORT_SECONDS = 5;

/**
 * Demo data for the Release Trains backend: when
 * `releaseTrains.deployers.demo` is configured, the `demo` deployer, which
 * simulates deployments (and progressive roll-outs, reporting their simulated
 * health every few seconds); when `releaseTrains.demo.seed` is on, a deploy
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
        scheduler: coreServices.scheduler,
        deployers: releaseTrainsDeployerExtensionPoint,
        history: releaseTrainsHistoryExtensionPoint,
      },
      async init({ config, logger, scheduler, deployers, history }) {
        if (config.has('releaseTrains.deployers.demo')) {
          const deployer = DemoDeployer.fromConfig(config, undefined, {
            // Usable once the backend has started: asked for at the first report.
            healthReporter: () => deployers.healthReporter('demo'),
            logger,
          });
          deployers.addDeployer(deployer);
          // While a roll-out lasts, its simulated health is reported every
          // few seconds, as a service mesh's metrics would come in.
          await scheduler.scheduleTask({
            id: 'release-trains-demo-rollout-health',
            frequency: { seconds: DEMO_HEALTH_REPORT_SECONDS },
            timeout: { seconds: 30 },
            // The weights are in this instance's memory.
            scope: 'local',
            fn: () => deployer.rollout.reportActive(),
          });
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
