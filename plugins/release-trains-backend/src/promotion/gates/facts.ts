import { Deployment } from '@internal/backstage-plugin-release-trains-common';
import { StageConfig } from '../../config/pipelines';

/** What the gates look at when a version asks to enter a stage. */
export type PromotionFacts = {
  now: Date;
  version: string;
  stage: StageConfig;
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
};
