// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

/**
 * For a stage with approvals, how many deployments that ran there passed its
 * gate.
 *
 * @public
 */
export interface GateCompliance {
  /**
   * Deployments that ran in the stage (succeeded, or rolled back later).
   */
  deployments: number;
  /**
   * Of those, the ones that passed the gate.
   */
  gated: number;
}
