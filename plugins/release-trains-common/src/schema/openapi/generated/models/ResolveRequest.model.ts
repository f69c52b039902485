// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { ResolveAction } from './ResolveAction.model';

/**
 * @public
 */
export interface ResolveRequest {
  action: ResolveAction;
  /**
   * What the person found out, recorded with the deployment.
   */
  reason: string;
}
