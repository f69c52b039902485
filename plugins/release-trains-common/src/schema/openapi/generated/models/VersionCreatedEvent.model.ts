// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { ChangeInput } from './ChangeInput.model';
import type { CommitSha } from './CommitSha.model';
import type { ServiceRef } from './ServiceRef.model';
import type { Timestamp } from './Timestamp.model';
import type { Version } from './Version.model';

/**
 * A build of a service.
 *
 * @public
 */
export interface VersionCreatedEvent {
  type: 'version.created';
  service: ServiceRef;
  version: Version;
  commitSha: CommitSha;
  artifact?: string;
  builtAt: Timestamp;
  /**
   * A hotfix, or a release (when absent). A version is also a hotfix when it
   * brings changes and all are reverts (titled `Revert "…"`), or one of them is
   * labelled `hotfix`.
   */
  kind?: 'release' | 'hotfix';
  changes?: Array<ChangeInput>;
}
