/**
 * The `github-actions` deployer of Release Trains: a workflow run per
 * deployment.
 *
 * @packageDocumentation
 */

export { releaseTrainsModuleGithubActionsDeployer as default } from './module';
export { GithubActionsDeployer } from './GithubActionsDeployer';
