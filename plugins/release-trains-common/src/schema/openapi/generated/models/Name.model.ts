// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

/**
 * The name of a configured pipeline, stage or train.
 *
 * @public
 */
export type Name = string;
