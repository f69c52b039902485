import {
  Deployment,
  RollbackRehearsal,
  StageHold,
} from '@release-trains/plugin-release-trains-common';
import { StageConfig } from '../../config/pipelines';

/** What the gates look at when a version asks to enter a stage. */
export type PromotionFacts = {
  now: Date;
  version: string;
  /** When the version was built. */
  builtAt: Date;
  stage: StageConfig;
  /** The stages one of which the version must have succeeded in first. */
  earlierStages: StageConfig[];
  /** Stages where the version succeeded through their gate. */
  reached: ReadonlySet<string>;
  /** What the stage runs, and when that was built. */
  running?: { version: string; builtAt?: Date };
  hold?: StageHold;
  inFlight?: Deployment;
  /** Trains promote automatically; only explicit promotions pass a hold. */
  automatic: boolean;
  previousStage?: StageConfig;
  /** Since when the previous stage runs the version, if it does. */
  runningInPreviousStageSince?: Date;
  /** The latest finished deployment into the previous stage. */
  previousStageLatest?: Deployment;
  /** Version ranges the service requires, by entity ref. */
  requires: Record<string, string>;
  /** What the target stage runs of each required service. */
  runningInStage: ReadonlyMap<string, string>;
  /** Required services the asker may not see: judged, never described. */
  hiddenServices?: ReadonlySet<string>;
  /** The stages before the target, where a rollback may be rehearsed. */
  rehearsalStages: StageConfig[];
  /** The version's latest finished rehearsal in one of them, when the stage asks for one. */
  latestRehearsal?: RollbackRehearsal;
};
