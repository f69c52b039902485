// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { Timestamp } from './Timestamp.model';

/**
 * A version waiting to enter a stage: it has passed the stage before (or been
 * built, for the first stage) and is newer than what the stage runs.
 *
 * @public
 */
export interface WaitingVersion {
  version: string;
  commitSha?: string;
  builtAt?: Timestamp;
}
