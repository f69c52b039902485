/**
 * Scaffolder actions for Release Trains.
 *
 * @packageDocumentation
 */

export { scaffolderModuleReleaseTrains as default } from './module';
export { createPromoteAction } from './actions/promote';
export { createRegisterServiceAction } from './actions/registerService';
export { createRehearseRollbackAction } from './actions/rehearseRollback';
export { createRollbackAction } from './actions/rollback';
export { createWaitForDeploymentAction } from './actions/waitForDeployment';
export type { ReleaseTrainsActionOptions } from './actions/shared';
