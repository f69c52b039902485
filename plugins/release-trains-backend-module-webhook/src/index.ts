/**
 * The `webhook` deployer of Release Trains: a signed POST per deployment.
 *
 * @packageDocumentation
 */

export { releaseTrainsModuleWebhookDeployer as default } from './module';
export { WebhookDeployer } from './WebhookDeployer';
