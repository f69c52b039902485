/**
 * Scaffolder actions for Release Trains.
 *
 * @packageDocumentation
 */

export { scaffolderModuleReleaseTrains as default } from './module';
export { createPromoteAction } from './actions/promote';
