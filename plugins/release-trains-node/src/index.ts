/**
 * Extension points of the Release Trains backend, for modules that add
 * deployers or import history.
 *
 * @packageDocumentation
 */

export * from './deployers';
export * from './history';
export * from './metricProviders';
export * from './signature';
export * from './createDeployerModule';
export * from './fetchWithRetry';
