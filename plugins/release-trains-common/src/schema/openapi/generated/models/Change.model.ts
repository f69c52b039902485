// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { Timestamp } from './Timestamp.model';

/**
 * A commit merged into a service.
 *
 * @public
 */
export interface Change {
  commitSha: string;
  prNumber?: number;
  title: string;
  author: string;
  mergedAt?: Timestamp;
  issueKeys: Array<string>;
  /**
   * When it was committed, when CI said; never after `mergedAt`.
   */
  committedAt?: Timestamp;
  /**
   * The labels of its pull request, as CI reported them; absent when none.
   */
  labels?: Array<string>;
}
