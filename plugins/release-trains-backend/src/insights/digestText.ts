import { parseEntityRef } from '@backstage/catalog-model';
import {
  DoraDuration,
  DoraFigures,
  DoraRate,
} from '@release-trains/plugin-release-trains-common';

const MINUS = '\u2212';

const rounded = (value: number) =>
  value < 10 ? Math.round(value * 10) / 10 : Math.round(value);

/** A length of time as people read it: 40 min, 3 h, 2.5 d. */
export function formatDuration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = seconds / 3600;
  return hours < 48 ? `${rounded(hours)} h` : `${rounded(hours / 24)} d`;
}

const percent = (rate: number) => `${Math.round(rate * 100)} %`;
const points = (rate: number) => `${Math.round(rate * 100)} pts`;

/** The change from `before` to `now`, signed: +8, −40 min, ±0. */
function change(now: number, before: number, format: (n: number) => string) {
  const text = format(Math.abs(now - before));
  if (parseFloat(text) === 0) return '±0';
  return `${now > before ? '+' : MINUS}${text}`;
}

type Figure = { value?: number; enough: boolean; samples: number };

/** How a figure and its change read. */
type Unit = { format(n: number): string; change(n: number): string };
const durations: Unit = { format: formatDuration, change: formatDuration };
const rates: Unit = { format: percent, change: points };

const median = (d: DoraDuration): Figure => ({ ...d, value: d.medianSeconds });
const share = (r: DoraRate): Figure => ({ ...r, value: r.rate });

/** Lead time from commit where enough changes say when, else from merge. */
function leadTime(figures: DoraFigures) {
  const { fromCommit, fromMerge } = figures.leadTime;
  return fromCommit.enough
    ? { basis: 'from commit', figure: median(fromCommit) }
    : { basis: 'from merge', figure: median(fromMerge) };
}

/**
 * The digest of an owner's week: each headline figure with its samples and
 * its change from the week before, where both weeks have enough data.
 */
export function digestText(options: {
  owner: string;
  weekStart: string;
  week: DoraFigures;
  before: DoraFigures;
  minimumSamples: number;
}): { title: string; description: string } {
  const { week, before, minimumSamples } = options;
  const line = (
    name: string,
    [now, then]: [Figure, Figure | undefined],
    unit: Unit,
    [one, many]: [string, string],
  ) => {
    const samples = `${now.samples} ${now.samples === 1 ? one : many}`;
    if (!now.enough || now.value === undefined) {
      return `${name}: not enough data (${samples}, ${minimumSamples} needed).`;
    }
    const since =
      then?.enough && then.value !== undefined
        ? ` (${change(now.value, then.value, unit.change)})`
        : '';
    return `${name}: ${unit.format(now.value)}${since}, ${samples}.`;
  };
  const lead = leadTime(week);
  const leadBefore = leadTime(before);
  const deployments = week.deploymentFrequency.deployments;
  const lines = [
    `Prod deployments: ${deployments} (${change(
      deployments,
      before.deploymentFrequency.deployments,
      String,
    )}).`,
    line(
      `Median lead time ${lead.basis}`,
      // Lead times from commit and from merge are not compared.
      [
        lead.figure,
        leadBefore.basis === lead.basis ? leadBefore.figure : undefined,
      ],
      durations,
      ['change', 'changes'],
    ),
    line(
      'Change fail rate',
      [share(week.changeFailRate), share(before.changeFailRate)],
      rates,
      ['deployment', 'deployments'],
    ),
    line(
      'Median recovery time',
      [median(week.recoveryTime), median(before.recoveryTime)],
      durations,
      ['recovery', 'recoveries'],
    ),
    line(
      'Rework rate',
      [share(week.reworkRate), share(before.reworkRate)],
      rates,
      ['deployment', 'deployments'],
    ),
  ];
  return {
    title: `Delivery digest of ${parseEntityRef(options.owner).name}, week of ${
      options.weekStart
    }`,
    description: lines.join('\n'),
  };
}
