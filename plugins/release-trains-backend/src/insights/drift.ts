import {
  DriftFinding,
  StageLag,
} from '@release-trains/plugin-release-trains-common';

/** When the last stage counts as lagging the one before. */
export type DriftThresholds = {
  maxVersionsBehind: number;
  maxDaysBehind: number;
};

/** A stage of a service as drift is judged: what it runs, and how it got it. */
export type StageRunning = {
  stage: string;
  title: string;
  version?: string;
  /** The run did not pass the stage's gate. */
  ungated?: boolean;
  /** The version ran in the stage before (always true for the first). */
  ranUpstream: boolean;
};

const DAY_SECONDS = 86_400;

/**
 * How the service's stages depart from its pipeline: a stage running an
 * ungated deployment, or a version that never ran in the stage before, and
 * the last stage further behind the one before than the thresholds.
 */
export function findDrift(
  service: string,
  stages: StageRunning[],
  lastPair: StageLag | undefined,
  thresholds: DriftThresholds,
): DriftFinding[] {
  const findings: DriftFinding[] = [];
  stages.forEach((stage, index) => {
    if (!stage.version) return;
    if (stage.ungated) {
      findings.push({
        service,
        stage: stage.stage,
        kind: 'ungated',
        message: `${stage.title} runs ${stage.version}, which did not pass its gate`,
      });
    }
    if (index > 0 && !stage.ranUpstream) {
      findings.push({
        service,
        stage: stage.stage,
        kind: 'not-upstream',
        message: `${stage.title} runs ${stage.version}, which never ran in ${
          stages[index - 1].title
        }`,
      });
    }
  });
  if (lastPair) {
    const days = (lastPair.oldestWaitingChange?.ageSeconds ?? 0) / DAY_SECONDS;
    const versions = lastPair.waitingVersions;
    if (
      versions > thresholds.maxVersionsBehind ||
      days > thresholds.maxDaysBehind
    ) {
      const last = stages[stages.length - 1];
      const before = stages[stages.length - 2];
      findings.push({
        service,
        stage: last.stage,
        kind: 'lagging',
        message: `${last.title} is ${versions} ${
          versions === 1 ? 'version' : 'versions'
        } behind ${
          before.title
        }; the oldest change waiting arrived there ${Math.floor(
          days,
        )} days ago`,
      });
    }
  }
  return findings;
}
