import { createReleaseTrainsDeployerModule } from '@release-trains/plugin-release-trains-node';
import { ArgoCdDeployer } from './ArgoCdDeployer';

/**
 * Adds the `argocd` deployer to the Release Trains backend, when
 * `releaseTrains.deployers.argocd` is configured.
 *
 * @public
 */
export const releaseTrainsModuleArgoCdDeployer =
  createReleaseTrainsDeployerModule({
    moduleId: 'argocd-deployer',
    configPath: 'releaseTrains.deployers.argocd',
    fromConfig: config => ArgoCdDeployer.fromConfig(config),
  });
