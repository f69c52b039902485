// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

/**
 * Releases into the last stage, and how many had their version's rollback
 * rehearsed, successfully, before they started.
 *
 * @public
 */
export interface RehearsalShare {
  releases: number;
  rehearsed: number;
  share?: number;
}
