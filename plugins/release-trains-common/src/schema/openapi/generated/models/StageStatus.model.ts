// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import type { DeploymentKind } from './DeploymentKind.model';
import type { DeploymentState } from './DeploymentState.model';
import type { GateCompliance } from './GateCompliance.model';
import type { RollbackRehearsal } from './RollbackRehearsal.model';
import type { StageHold } from './StageHold.model';
import type { Timestamp } from './Timestamp.model';
import type { WaitingVersion } from './WaitingVersion.model';

/**
 * What a stage runs now, and what waits to enter it.
 *
 * @public
 */
export interface StageStatus {
  stage: string;
  title: string;
  /**
   * The version running in the stage; absent if it never ran one.
   */
  current?: {
    id: string;
    version: string;
    kind: DeploymentKind;
    state: DeploymentState;
    createdBy: string;
    createdAt: Timestamp;
    ungated?: boolean;
    /**
     * Since when the stage runs this version.
     */
    since: Timestamp;
  };
  /**
   * A deployment into the stage that has not finished yet.
   */
  inFlight?: {
    id: string;
    version: string;
    kind: DeploymentKind;
    state: DeploymentState;
    createdAt: Timestamp;
  };
  /**
   * Newer versions waiting to enter the stage, newest first.
   */
  waiting: Array<WaitingVersion>;
  hold?: StageHold;
  compliance?: GateCompliance;
  /**
   * The latest rehearsal of the current version's rollback in this stage.
   */
  rehearsal?: RollbackRehearsal;
  /**
   * Whether a version may enter only after its rollback was rehearsed.
   */
  rehearsalRequired?: boolean;
  /**
   * The version a rollback of the stage would return to, by the rule the
   * rollback itself applies; absent when none qualifies.
   */
  rollbackTarget?: string;
}
