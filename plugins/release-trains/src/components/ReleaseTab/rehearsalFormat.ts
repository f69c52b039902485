import { RollbackRehearsal } from '@release-trains/plugin-release-trains-common';
import { DateTime } from 'luxon';
import { formatDuration } from './rolloutFormat';

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
 * "Rollback rehearsed 2 days ago in staging, 1 min 40 s",
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
          : `, ${formatDuration(rehearsal.rollbackMs)}`;
      return `Rollback rehearsed ${when} in ${rehearsal.stage}${took}`;
    }
    default:
      return `Rollback rehearsal of ${rehearsal.version} failed: ${
        rehearsal.reason ?? 'no reason given'
      }`;
  }
}
