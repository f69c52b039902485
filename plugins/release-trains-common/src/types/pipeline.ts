import { RollbackRehearsal } from './rollouts';
import type { Deployment } from './deployments';

/**
 * A configured pipeline: its stages, in order.
 *
 * @public
 */
export type PipelineSummary = {
  name: string;
  stages: { name: string; title: string }[];
};

/**
 * A service's pipeline with the state of each of its stages, in order.
 *
 * @public
 */
export type PipelineView = {
  service: string;
  pipeline: string;
  stages: StageStatus[];
};

/**
 * What a stage runs now, and what waits to enter it.
 *
 * @public
 */
export type StageStatus = {
  stage: string;
  title: string;
  /** The version running in the stage; absent if it never ran one. */
  current?: Pick<
    Deployment,
    'id' | 'version' | 'kind' | 'state' | 'createdBy' | 'createdAt' | 'ungated'
  > & {
    /** Since when the stage runs this version. */
    since: string;
  };
  /** A deployment into the stage that has not finished yet. */
  inFlight?: Pick<
    Deployment,
    'id' | 'version' | 'kind' | 'state' | 'createdAt'
  >;
  /** Newer versions waiting to enter the stage, newest first. */
  waiting: WaitingVersion[];
  /** Set after a rollback: nothing enters automatically until released. */
  hold?: StageHold;
  /** For a stage with approvals: how many of its deployments passed its gate. */
  compliance?: GateCompliance;
  /** The latest rehearsal of the current version's rollback in this stage. */
  rehearsal?: RollbackRehearsal;
  /** Whether a version may enter only after its rollback was rehearsed. */
  rehearsalRequired?: boolean;
  /**
   * The version a rollback of the stage would return to, by the rule the
   * rollback itself applies; absent when none qualifies.
   */
  rollbackTarget?: string;
};

/**
 * A version waiting to enter a stage: it has passed the stage before (or been
 * built, for the first stage) and is newer than what the stage runs.
 *
 * @public
 */
export type WaitingVersion = {
  version: string;
  commitSha?: string;
  builtAt?: string;
};

/**
 * A stage held after a rollback: only an explicit promotion of a newer
 * version releases it.
 *
 * @public
 */
export type StageHold = {
  /** Who rolled the stage back. */
  by: string;
  reason: string;
  at: string;
};

/**
 * How many deployments that ran in a stage with approvals passed its gate;
 * the others are ungated (recorded by hand or reported by CI).
 *
 * @public
 */
export type GateCompliance = {
  /** Deployments that ran in the stage (succeeded, or rolled back later). */
  deployments: number;
  /** Of those, the ones that passed the gate. */
  gated: number;
};
