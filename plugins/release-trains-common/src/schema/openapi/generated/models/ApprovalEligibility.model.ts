// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

/**
 * While a deployment awaits approval, whether the caller may decide, and why
 * (not).
 *
 * @public
 */
export interface ApprovalEligibility {
  allowed: boolean;
  reason: string;
}
