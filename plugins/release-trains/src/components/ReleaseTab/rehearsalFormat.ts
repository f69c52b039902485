import { RollbackRehearsal } from '@release-trains/plugin-release-trains-common';
import { DateTime } from 'luxon';

/** "1 m 40 s", "45 s": as the backend's rehearsal gate words it. */
export function formatRehearsalDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes} m ${seconds % 60} s` : `${seconds} s`;
}

/** What a running rehearsal is doing: "rolling back to 1.3.2". */
function phaseWords(rehearsal: RollbackRehearsal): string {
  switch (rehearsal.phase) {
    case 'deploy':
      return 'deploying';
    case 'rollback':
      return `rolling back to ${rehearsal.previousVersion}`;
    case 'redeploy':
      return 'deploying again';
    default:
      return 'finishing';
  }
}

/**
 * The lane's rehearsal line:
 * "Rollback rehearsed 2 days ago in staging, 1 m 40 s",
 * "Rehearsing the rollback of 1.4.0: rolling back to 1.3.2…",
 * or, when it failed, why.
 */
export function describeRehearsal(rehearsal: RollbackRehearsal): string {
  switch (rehearsal.state) {
    case 'running':
      return `Rehearsing the rollback of ${rehearsal.version}: ${phaseWords(
        rehearsal,
      )}…`;
    case 'succeeded': {
      const when = DateTime.fromISO(
        rehearsal.finishedAt ?? rehearsal.startedAt,
      ).toRelative();
      const took =
        rehearsal.rollbackMs === undefined
          ? ''
          : `, ${formatRehearsalDuration(rehearsal.rollbackMs)}`;
      return `Rollback rehearsed ${when} in ${rehearsal.stage}${took}`;
    }
    default:
      return `Rollback rehearsal of ${rehearsal.version} failed: ${
        rehearsal.reason ?? 'no reason given'
      }`;
  }
}
