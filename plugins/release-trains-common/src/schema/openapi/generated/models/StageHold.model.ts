// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { Timestamp } from './Timestamp.model';

/**
 * A stage held after a rollback: only an explicit promotion of a newer version
 * releases it.
 *
 * @public
 */
export interface StageHold {
  /**
   * Who rolled the stage back.
   */
  by: string;
  reason: string;
  at: Timestamp;
}
