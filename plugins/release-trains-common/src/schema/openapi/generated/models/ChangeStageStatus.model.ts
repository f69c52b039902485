// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { Timestamp } from './Timestamp.model';

/**
 * Whether a stage runs a change.
 *
 * @public
 */
export interface ChangeStageStatus {
  stage: string;
  title: string;
  /**
   * True when the version the stage runs contains the change.
   */
  contains: boolean;
  /**
   * Since when the stage has run a version containing it.
   */
  since?: Timestamp;
  /**
   * The version the stage runs.
   */
  runningVersion?: string;
  /**
   * When a train should bring the change here (an estimate).
   */
  expectedAt?: Timestamp;
}
