// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { Change } from './Change.model';
import type { ChangeStageStatus } from './ChangeStageStatus.model';
import type { Timestamp } from './Timestamp.model';

/**
 * Where a change is, the version that brought it and each stage's status.
 *
 * @public
 */
export interface ChangeLocation {
  service: string;
  change: Change;
  /**
   * The first version that contains the change; absent until one is built.
   */
  version?: string;
  stages: Array<ChangeStageStatus>;
  /**
   * The train departure that should carry it on, when its service rides one.
   */
  train?: {
    name: string;
    title: string;
    departsAt: Timestamp;
    cutoffAt: Timestamp;
  };
}
