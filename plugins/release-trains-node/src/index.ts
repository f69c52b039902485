/**
 * Extension points of the Release Trains backend, for modules that add
 * deployers.
 *
 * @packageDocumentation
 */

export * from './deployers';
export * from './signature';
export * from './createDeployerModule';
