/**
 * The `argocd` deployer of Release Trains: an Argo CD sync or rollback per
 * deployment.
 *
 * @packageDocumentation
 */

export { releaseTrainsModuleArgoCdDeployer as default } from './module';
export { ArgoCdDeployer } from './ArgoCdDeployer';
