/**
 * Shared types, permissions, annotations and the API client of the Release
 * Trains plugins.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './client';
export * from './permissions';
export * from './signals';
export * from './types';
