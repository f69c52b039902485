// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

/**
 * @public
 */
export interface WaitingChange {
  commitSha: string;
  prNumber?: number;
  title: string;
  author: string;
  mergedAt?: string;
  arrivedAt: string;
  ageSeconds: number;
}
