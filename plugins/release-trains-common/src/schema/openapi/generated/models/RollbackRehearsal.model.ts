// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { Timestamp } from './Timestamp.model';

/**
 * @public
 */
export interface RollbackRehearsal {
  id: string;
  service: string;
  stage: string;
  version: string;
  previousVersion: string;
  phase: 'deploy' | 'rollback' | 'redeploy' | 'done';
  state: 'running' | 'succeeded' | 'failed';
  deploymentId?: string;
  rollbackMs?: number;
  redeployMs?: number;
  reason?: string;
  requestedBy: string;
  startedAt: Timestamp;
  phaseStartedAt: Timestamp;
  finishedAt?: Timestamp;
}
