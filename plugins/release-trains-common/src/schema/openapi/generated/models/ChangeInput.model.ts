// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { CommitSha } from './CommitSha.model';
import type { Timestamp } from './Timestamp.model';

/**
 * @public
 */
export interface ChangeInput {
  commitSha: CommitSha;
  prNumber?: number;
  title: string;
  author: string;
  mergedAt?: Timestamp;
  /**
   * When the change was committed; not after `mergedAt`. Lead time counts from
   * here as well as from the merge.
   */
  committedAt?: Timestamp;
  issueKeys?: Array<string>;
  /**
   * The labels of its pull request. A change labelled `hotfix` (in any case)
   * makes its version a hotfix.
   */
  labels?: Array<string>;
}
