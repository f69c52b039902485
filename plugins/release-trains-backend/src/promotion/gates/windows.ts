import { GateVerdict } from '@release-trains/plugin-release-trains-common';
import { CronTime } from 'cron';
import { RecurringWindow } from '../../config/pipelines';
import { PromotionFacts } from './facts';

/**
 * Whether `now` falls in an occurrence of the window: the first occurrence
 * after (now − duration) has begun by now.
 */
export function isInsideWindow(window: RecurringWindow, now: Date): boolean {
  const opensAfter = new Date(now.getTime() - window.durationMinutes * 60_000);
  const next = new CronTime(window.cron, window.timeZone)
    .getNextDateFrom(opensAfter, window.timeZone)
    .toJSDate();
  return next <= now;
}

export function describeWindow(window: RecurringWindow): string {
  return `'${window.cron}' (${window.timeZone}) for ${window.durationMinutes} min`;
}

/** Deployments start only inside one of the stage's windows, if it has any. */
export function windowGate(facts: PromotionFacts): GateVerdict {
  const { windows } = facts.stage.gates;
  if (windows.length === 0) {
    return { gate: 'window', passed: true, reason: 'No deploy windows' };
  }
  const open = windows.find(window => isInsideWindow(window, facts.now));
  return open
    ? {
        gate: 'window',
        passed: true,
        reason: `Inside the deploy window ${describeWindow(open)}`,
      }
    : {
        gate: 'window',
        passed: false,
        reason: `Outside the deploy windows of ${facts.stage.name}: ${windows
          .map(describeWindow)
          .join('; ')}`,
      };
}
