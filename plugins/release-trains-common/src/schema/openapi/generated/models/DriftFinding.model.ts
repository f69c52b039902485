// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

/**
 * @public
 */
export interface DriftFinding {
  service: string;
  stage: string;
  kind: 'ungated' | 'not-upstream' | 'lagging';
  message: string;
}
