import { StageLag } from '@release-trains/plugin-release-trains-common';
import { findDrift, StageRunning } from './drift';

const thresholds = { maxVersionsBehind: 5, maxDaysBehind: 14 };
const DAY = 86_400;

const stage = (
  name: string,
  version: string | undefined,
  extra: Partial<StageRunning> = {},
): StageRunning => ({
  stage: name,
  title: name === 'prod' ? 'Production' : name,
  version,
  ranUpstream: true,
  ...extra,
});

const lag = (waitingVersions: number, ageDays?: number): StageLag => ({
  upstream: 'staging',
  downstream: 'prod',
  waitingVersions,
  waitingChanges: waitingVersions,
  ...(ageDays !== undefined && {
    oldestWaitingChange: {
      commitSha: 'a'.repeat(40),
      title: 'Retry',
      author: 'ana',
      arrivedAt: '2026-11-01T00:00:00.000Z',
      ageSeconds: ageDays * DAY,
    },
  }),
  trend: [],
});

describe('findDrift', () => {
  it('finds nothing in a pipeline that runs what it should', () => {
    expect(
      findDrift(
        'payments',
        [
          stage('dev', '1.3.0'),
          stage('staging', '1.2.0'),
          stage('prod', '1.1.0'),
        ],
        lag(1, 2),
        thresholds,
      ),
    ).toEqual([]);
  });

  it('names an ungated run and a version that skipped the stage before', () => {
    expect(
      findDrift(
        'payments',
        [
          stage('dev', '1.3.0'),
          stage('staging', undefined),
          stage('prod', '1.3.0', { ungated: true, ranUpstream: false }),
        ],
        undefined,
        thresholds,
      ),
    ).toEqual([
      {
        service: 'payments',
        stage: 'prod',
        kind: 'ungated',
        message: 'Production runs 1.3.0, which did not pass its gate',
      },
      {
        service: 'payments',
        stage: 'prod',
        kind: 'not-upstream',
        message: 'Production runs 1.3.0, which never ran in staging',
      },
    ]);
  });

  it('finds the last stage lagging past either threshold, not at it', () => {
    const stages = [
      stage('dev', '2.0.0'),
      stage('staging', '2.0.0'),
      stage('prod', '1.0.0'),
    ];
    const kinds = (pair: StageLag) =>
      findDrift('payments', stages, pair, thresholds).map(f => f.kind);
    expect(kinds(lag(5, 14))).toEqual([]);
    expect(kinds(lag(6, 1))).toEqual(['lagging']);
    expect(kinds(lag(1, 15))).toEqual(['lagging']);
    expect(
      findDrift('payments', stages, lag(6, 15), thresholds)[0].message,
    ).toBe(
      'Production is 6 versions behind staging; the oldest change waiting arrived there 15 days ago',
    );
  });
});
