import { DoraFigures } from '@release-trains/plugin-release-trains-common';
import { digestText, formatDuration } from './digestText';

const HOUR = 3600;

/** A week of ten deployments, none failed, lead times from merge only. */
function week(leadTime: Partial<DoraFigures['leadTime']> = {}): DoraFigures {
  const none = { samples: 0, enough: false };
  return {
    deploymentFrequency: { deployments: 10, perDay: 10 / 7, band: 'elite' },
    leadTime: {
      fromCommit: none,
      fromMerge: { samples: 10, enough: true, medianSeconds: 3 * HOUR },
      ...leadTime,
    },
    changeFailRate: { samples: 10, count: 0, enough: true, rate: 0 },
    recoveryTime: none,
    reworkRate: { samples: 10, count: 1, enough: true, rate: 0.1 },
  };
}

describe('formatDuration', () => {
  it('reads in minutes, hours or days', () => {
    expect(
      [0, 40 * 60, 59 * 60, 90 * 60, 12.4 * HOUR, 47 * HOUR, 60 * HOUR].map(
        formatDuration,
      ),
    ).toEqual(['0 min', '40 min', '59 min', '1.5 h', '12 h', '47 h', '2.5 d']);
  });
});

describe('digestText', () => {
  it('compares a lead time only with one of the same basis', () => {
    const fromCommit = { samples: 6, enough: true, medianSeconds: 5 * HOUR };
    const lines = (now: DoraFigures, before: DoraFigures) =>
      digestText({
        owner: 'user:default/ana',
        weekStart: '2026-11-23',
        week: now,
        before,
        minimumSamples: 5,
      }).description.split('\n');

    expect(lines(week({ fromCommit }), week())[1]).toBe(
      'Median lead time from commit: 5 h, 6 changes.',
    );
    expect(lines(week({ fromCommit }), week({ fromCommit }))[1]).toBe(
      'Median lead time from commit: 5 h (±0), 6 changes.',
    );
    expect(
      lines(
        week(),
        week({
          fromMerge: {
            samples: 5,
            enough: true,
            medianSeconds: 3 * HOUR + 40 * 60,
          },
        }),
      ),
    ).toEqual([
      'Prod deployments: 10 (±0).',
      'Median lead time from merge: 3 h (\u221240 min), 10 changes.',
      'Change fail rate: 0 % (±0), 10 deployments.',
      'Median recovery time: not enough data (0 recoveries, 5 needed).',
      'Rework rate: 10 % (±0), 10 deployments.',
    ]);
  });
});
