/**
 * An owner-aware permission policy for Release Trains, as a module of the
 * permission backend.
 *
 * @packageDocumentation
 */

export { permissionModuleReleaseTrainsPolicy as default } from './module';
export { ReleaseTrainsPermissionPolicy } from './ReleaseTrainsPermissionPolicy';
