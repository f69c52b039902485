// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

/**
 * What one event did.
 *
 * @public
 */
export interface EventOutcome {
  outcome: 'created' | 'updated' | 'unchanged';
  /**
   * The ledger's id of the deployment a deployment event made or changed.
   */
  deploymentId?: string;
  /**
   * The version a version.created event made.
   */
  version?: string;
}
