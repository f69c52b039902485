import {
  DoraBand,
  DoraFigures,
} from '@release-trains/plugin-release-trains-common';
import { Duration, DurationLikeObject } from 'luxon';

/** A duration in seconds for people: its two largest units, e.g. "1 day, 4 hours". */
export function humanDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) {
    return Duration.fromObject({ seconds: whole }).toHuman();
  }
  const units = ['days', 'hours', 'minutes'] as const;
  const shifted = Duration.fromObject({ minutes: Math.round(whole / 60) })
    .shiftTo(...units)
    .toObject();
  const first = units.findIndex(unit => (shifted[unit] ?? 0) > 0);
  const picked: DurationLikeObject = {};
  for (const unit of units.slice(first, first + 2)) {
    if (shifted[unit]) picked[unit] = shifted[unit];
  }
  return Duration.fromObject(picked).toHuman();
}

/** A share as a percentage with at most one decimal, e.g. "12.5 %". */
export function percent(rate: number): string {
  return `${Number((rate * 100).toFixed(1))} %`;
}

/** A number with at most one decimal. */
export function decimal(value: number): string {
  return String(Number(value.toFixed(1)));
}

/** Deployments per day, in the unit that reads best: per day, week or month. */
export function frequency(perDay: number): string {
  if (perDay >= 1) return `${decimal(perDay)} per day`;
  if (perDay * 7 >= 1) return `${decimal(perDay * 7)} per week`;
  return `${decimal(perDay * 30)} per month`;
}

/** "1 deployment", "42 deployments". */
export function plural(count: number, noun: string, nouns = `${noun}s`) {
  return `${count} ${count === 1 ? noun : nouns}`;
}

export const BAND_LABELS: Record<DoraBand, string> = {
  elite: 'Elite',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

/**
 * The lead time the band is judged on: from commit when there are enough
 * samples, else from merge (docs/insights.md).
 */
export function headlineLeadTime(leadTime: DoraFigures['leadTime']) {
  if (leadTime.fromCommit.enough) {
    return { from: 'commit' as const, duration: leadTime.fromCommit };
  }
  if (leadTime.fromMerge.enough) {
    return { from: 'merge' as const, duration: leadTime.fromMerge };
  }
  return undefined;
}
