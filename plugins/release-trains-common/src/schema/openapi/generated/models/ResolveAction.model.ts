// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

/**
 * How a person settles a deployment whose outcome is unknown.
 *
 * @public
 */
export type ResolveAction = 'retry-status' | 'mark-failed' | 'mark-succeeded';
