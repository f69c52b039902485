import { createReleaseTrainsDeployerModule } from '@release-trains/plugin-release-trains-node';
import { GithubActionsDeployer } from './GithubActionsDeployer';

/**
 * Adds the `github-actions` deployer to the Release Trains backend, when
 * `releaseTrains.deployers.githubActions` is configured.
 *
 * @public
 */
export const releaseTrainsModuleGithubActionsDeployer =
  createReleaseTrainsDeployerModule({
    moduleId: 'github-actions-deployer',
    configPath: 'releaseTrains.deployers.githubActions',
    fromConfig: config => GithubActionsDeployer.fromConfig(config),
  });
