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
  issueKeys?: Array<string>;
}
