// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { Gate } from './Gate.model';

/**
 * What a gate says about a promotion; `reason` explains, also when it passes.
 *
 * @public
 */
export interface GateVerdict {
  gate: Gate;
  passed: boolean;
  reason: string;
  /**
   * The dependencies gate's services whose required range the stage fails.
   */
  unmetRequirements?: Array<string>;
}
