import { GateVerdict } from '@release-trains/plugin-release-trains-common';
import { PromotionFacts } from './facts';

const DAY_MS = 86_400_000;

/** `45 s`, `1 min 40 s`, `2 min`: as the Release tab words durations. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  if (minutes === 0) return `${seconds} s`;
  return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
}

/** `today`, `1 day ago`, `3 days ago`. */
function daysAgo(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  if (days === 0) return 'today';
  return days === 1 ? '1 day ago' : `${days} days ago`;
}

/**
 * The version's rollback must have been rehearsed, and have succeeded, in
 * an earlier stage, recently enough: proof that it can be rolled back
 * before it goes where rolling back matters most.
 */
export function rehearsalGate(facts: PromotionFacts): GateVerdict {
  const required = facts.stage.gates.rehearsal;
  if (!required) {
    return {
      gate: 'rehearsal',
      passed: true,
      reason: 'No rehearsed rollback required',
    };
  }
  if (!facts.running) {
    return {
      gate: 'rehearsal',
      passed: true,
      reason: `${facts.stage.name} runs nothing yet, so there is nothing to roll back to`,
    };
  }
  const latest = facts.latestRehearsal;
  const where = facts.rehearsalStages.map(s => s.name).join(' or ');
  if (!latest) {
    return {
      gate: 'rehearsal',
      passed: false,
      reason: `The rollback of ${facts.version} was never rehearsed; rehearse it in ${where} first`,
    };
  }
  if (latest.state === 'failed') {
    return {
      gate: 'rehearsal',
      passed: false,
      reason: `The last rehearsal of ${facts.version}'s rollback failed in ${latest.stage}: ${latest.reason}`,
    };
  }
  const age = facts.now.getTime() - Date.parse(latest.finishedAt!);
  const summary = `rehearsed ${daysAgo(age)} in ${
    latest.stage
  }, ${formatDuration(latest.rollbackMs ?? 0)}`;
  return age > required.maxAgeDays * DAY_MS
    ? {
        gate: 'rehearsal',
        passed: false,
        reason: `The rollback of ${facts.version} was ${summary}: older than ${required.maxAgeDays} days; rehearse it again in ${where}`,
      }
    : {
        gate: 'rehearsal',
        passed: true,
        reason: `Rollback ${summary}`,
      };
}
