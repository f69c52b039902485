import { createReleaseTrainsDeployerModule } from '@release-trains/plugin-release-trains-node';
import { createCallbackRouter } from './callbackRouter';
import { WebhookDeployer } from './WebhookDeployer';

/**
 * Adds the `webhook` deployer to the Release Trains backend, when
 * `releaseTrains.deployers.webhook` is configured.
 *
 * @public
 */
export const releaseTrainsModuleWebhookDeployer =
  createReleaseTrainsDeployerModule({
    moduleId: 'webhook-deployer',
    configPath: 'releaseTrains.deployers.webhook',
    fromConfig: config => WebhookDeployer.fromConfig(config),
    // POST /api/release-trains/deployers/webhook/status
    callbackRouter: (deployer, reporter) =>
      createCallbackRouter({
        secret: deployer.secret,
        toleranceSeconds: deployer.signatureToleranceSeconds,
        reporter,
      }),
  });
