import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import {
  createPermission,
  Permission,
} from '@backstage/plugin-permission-common';

/**
 * Allows recording, by hand, a deployment of a service in the ledger. A
 * catalog-entity resource permission: a policy can allow the service's
 * owners only. A deployment recorded into a stage with approvals is marked
 * ungated.
 *
 * @public
 */
export const releaseTrainsDeploymentCreatePermission = createPermission({
  name: 'release-trains.deployment.create',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Allows registering a new service with a pipeline and a train (the golden
 * path template does it for a service it creates).
 *
 * @public
 */
export const releaseTrainsServiceRegisterPermission = createPermission({
  name: 'release-trains.service.register',
  attributes: { action: 'create' },
});

/**
 * Allows promoting a version of a service into a stage. A catalog-entity
 * resource permission, so that a policy can allow the service's owners only.
 *
 * @public
 */
export const releaseTrainsPromotePermission = createPermission({
  name: 'release-trains.promote',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Allows rolling a stage of a service back to an earlier version.
 *
 * @public
 */
export const releaseTrainsRollbackPermission = createPermission({
  name: 'release-trains.rollback',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Allows approving or rejecting a deployment of a service that awaits
 * approval.
 *
 * @public
 */
export const releaseTrainsApprovePermission = createPermission({
  name: 'release-trains.approve',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Allows setting or removing, through the API, the version range a service
 * requires of another (over its `release-trains/requires` annotation).
 *
 * @public
 */
export const releaseTrainsRequirementSetPermission = createPermission({
  name: 'release-trains.requirement.set',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Every permission of the Release Trains plugins.
 *
 * @public
 */
export const releaseTrainsPermissions: Permission[] = [
  releaseTrainsDeploymentCreatePermission,
  releaseTrainsServiceRegisterPermission,
  releaseTrainsPromotePermission,
  releaseTrainsRollbackPermission,
  releaseTrainsApprovePermission,
  releaseTrainsRequirementSetPermission,
];
