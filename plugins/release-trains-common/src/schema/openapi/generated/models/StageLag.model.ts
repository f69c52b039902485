// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { WaitingChange } from './WaitingChange.model';

/**
 * @public
 */
export interface StageLag {
  upstream: string;
  downstream: string;
  upstreamVersion?: string;
  downstreamVersion?: string;
  waitingVersions: number;
  waitingChanges: number;
  oldestWaitingChange?: WaitingChange;
  trend: Array<{
    at: string;
    waitingChanges: number;
  }>;
}
