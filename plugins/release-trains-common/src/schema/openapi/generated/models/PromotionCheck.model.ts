// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { GateVerdict } from './GateVerdict.model';

/**
 * Whether a promotion could start now, and what each gate says.
 *
 * @public
 */
export interface PromotionCheck {
  service: string;
  version: string;
  stage: string;
  /**
   * True when nothing but approvals stands in the way.
   */
  allowed: boolean;
  gates: Array<GateVerdict>;
  /**
   * The group whose members must approve, when the stage names one.
   */
  approverGroup?: string;
}
