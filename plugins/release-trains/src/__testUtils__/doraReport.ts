import {
  DoraFigures,
  DoraReport,
  DoraTeamsReport,
} from '@release-trains/plugin-release-trains-common';

const HOUR = 3600;
const DAY = 24 * HOUR;

/**
 * Figures with enough samples: 42 deployments in 90 days (high), lead time
 * 1 day 2 hours from commit (high), 12.5 % failing (medium), recovered in
 * 45 minutes (elite), 3 of 42 deployments rework.
 */
export const doraFigures: DoraFigures = {
  deploymentFrequency: { deployments: 42, perDay: 42 / 90, band: 'high' },
  leadTime: {
    fromCommit: {
      samples: 120,
      enough: true,
      medianSeconds: DAY + 2 * HOUR,
      p90Seconds: 5 * DAY,
    },
    fromMerge: {
      samples: 118,
      enough: true,
      medianSeconds: 5 * HOUR,
      p90Seconds: 2 * DAY,
    },
    band: 'high',
  },
  changeFailRate: {
    samples: 40,
    count: 5,
    enough: true,
    rate: 0.125,
    band: 'medium',
  },
  recoveryTime: {
    samples: 5,
    enough: true,
    medianSeconds: 45 * 60,
    p90Seconds: 2 * HOUR,
    band: 'elite',
  },
  reworkRate: { samples: 42, count: 3, enough: true, rate: 3 / 42 },
};

/** Figures below the minimum of 5 samples: only counts, and the frequency. */
export const sparseDoraFigures: DoraFigures = {
  deploymentFrequency: { deployments: 3, perDay: 3 / 90, band: 'low' },
  leadTime: {
    fromCommit: { samples: 2, enough: false },
    fromMerge: { samples: 2, enough: false },
  },
  changeFailRate: { samples: 3, count: 1, enough: false },
  recoveryTime: { samples: 1, enough: false },
  reworkRate: { samples: 3, count: 0, enough: false },
};

/** A report of payments over three weeks, its totals `totals`. */
export function doraReport(
  totals: DoraFigures = doraFigures,
  overrides: Partial<DoraReport> = {},
): DoraReport {
  const weeks = ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23'];
  return {
    scope: { service: 'component:default/payments' },
    serviceCount: 1,
    from: '2026-11-02T00:00:00.000Z',
    to: '2026-11-23T00:00:00.000Z',
    bucket: 'week',
    timeZone: 'UTC',
    minimumSamples: 5,
    bands: {
      deploymentsPerDay: { elite: 1, high: 1 / 7, medium: 1 / 30 },
      leadTimeHours: { elite: 24, high: 168, medium: 720 },
      changeFailRate: { elite: 0.05, high: 0.1, medium: 0.2 },
      recoveryHours: { elite: 1, high: 24, medium: 168 },
    },
    totals,
    buckets: weeks.slice(0, -1).map((start, i) => ({
      start: `${start}T00:00:00.000Z`,
      end: `${weeks[i + 1]}T00:00:00.000Z`,
      ...(i === 1 ? sparseDoraFigures : doraFigures),
    })),
    ...overrides,
  };
}

/**
 * Three teams of the shop system: team-a with enough samples, team-b
 * below the minimum, and ops of another namespace deploying daily.
 */
export function doraTeamsReport(
  overrides: Partial<DoraTeamsReport> = {},
): DoraTeamsReport {
  const { bands, from, to, minimumSamples } = doraReport();
  return {
    system: 'system:default/shop',
    from,
    to,
    minimumSamples,
    bands,
    teams: [
      { owner: 'group:default/team-a', serviceCount: 3, totals: doraFigures },
      {
        owner: 'group:default/team-b',
        serviceCount: 1,
        totals: sparseDoraFigures,
      },
      {
        owner: 'group:platform/ops',
        serviceCount: 2,
        totals: {
          ...doraFigures,
          deploymentFrequency: {
            deployments: 180,
            perDay: 2,
            band: 'elite',
          },
          changeFailRate: {
            samples: 180,
            count: 9,
            enough: true,
            rate: 0.05,
            band: 'elite',
          },
        },
      },
    ],
    ...overrides,
  };
}
