// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { Reason } from './Reason.model';

/**
 * @public
 */
export interface AbortRolloutRequest {
  reason: Reason;
}
