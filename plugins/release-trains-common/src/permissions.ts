import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Allows recording a deployment of a service in the ledger.
 *
 * @public
 */
export const releaseTrainsDeploymentCreatePermission = createPermission({
  name: 'release-trains.deployment.create',
  attributes: { action: 'create' },
});

/**
 * Every permission of the Release Trains plugins.
 *
 * @public
 */
export const releaseTrainsPermissions = [
  releaseTrainsDeploymentCreatePermission,
];
