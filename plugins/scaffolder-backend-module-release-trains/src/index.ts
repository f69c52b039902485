/**
 * Scaffolder actions for Release Trains.
 *
 * @packageDocumentation
 */

export { scaffolderModuleReleaseTrains as default } from './module';
export { createPromoteAction } from './actions/promote';
export { createRegisterServiceAction } from './actions/registerService';
export { createRollbackAction } from './actions/rollback';
export { createWaitForDeploymentAction } from './actions/waitForDeployment';
export type { ReleaseTrainsActionOptions } from './actions/shared';
