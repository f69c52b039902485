import {
  ComplianceReport,
  LagReport,
  ServiceLag,
  StageLag,
  UngatedDeploymentSummary,
} from '@release-trains/plugin-release-trains-common';

const HOUR = 3600;
const DAY = 24 * HOUR;

const leadTimeSplit: ServiceLag['leadTimeSplit'] = {
  from: '2026-08-24T00:00:00.000Z',
  to: '2026-11-22T00:00:00.000Z',
  changes: 0,
  commitToMerge: { samples: 0 },
  mergeToFirstStage: { samples: 0 },
  stageWaits: [],
};

const weeks = (...counts: number[]): StageLag['trend'] =>
  counts.map((waitingChanges, i) => ({
    at: `2026-10-${String(5 + 7 * i).padStart(2, '0')}T00:00:00.000Z`,
    waitingChanges,
  }));

/** A pair of stages with nothing waiting between them. */
const caughtUp = (upstream: string, downstream: string): StageLag => ({
  upstream,
  downstream,
  upstreamVersion: '1.0.0',
  downstreamVersion: '1.0.0',
  waitingVersions: 0,
  waitingChanges: 0,
  trend: weeks(0, 0, 0),
});

/**
 * Payments: dev → staging caught up, staging → prod waits 3 versions and 5
 * changes, the oldest (PR #123 by ana) 9 days. Search: dev → staging waits
 * a commit without a PR, 5 hours.
 */
export const lagReport: LagReport = {
  scope: { owner: 'group:default/team-a' },
  serviceCount: 2,
  generatedAt: '2026-11-22T00:00:00.000Z',
  weeks: 3,
  leadTimeSplit,
  services: [
    {
      service: 'component:default/search',
      stages: ['dev', 'staging', 'prod'],
      leadTimeSplit,
      pairs: [
        {
          ...caughtUp('dev', 'staging'),
          waitingVersions: 1,
          waitingChanges: 1,
          oldestWaitingChange: {
            commitSha: 'abc1234',
            title: 'Tune ranking',
            author: 'bo',
            arrivedAt: '2026-11-21T19:00:00.000Z',
            ageSeconds: 5 * HOUR + 120,
          },
          trend: weeks(0, 0, 1),
        },
        caughtUp('staging', 'prod'),
      ],
    },
    {
      service: 'component:default/payments',
      stages: ['dev', 'staging', 'prod'],
      leadTimeSplit,
      pairs: [
        caughtUp('dev', 'staging'),
        {
          upstream: 'staging',
          downstream: 'prod',
          upstreamVersion: '1.4.2',
          downstreamVersion: '1.3.9',
          waitingVersions: 3,
          waitingChanges: 5,
          oldestWaitingChange: {
            commitSha: 'def5678',
            prNumber: 123,
            title: 'Retry declines',
            author: 'ana',
            arrivedAt: '2026-11-13T00:00:00.000Z',
            ageSeconds: 9 * DAY + 3 * HOUR,
          },
          trend: weeks(0, 1, 3, 5),
        },
      ],
    },
  ],
};

/** A lag report of services that wait for nothing. */
export const caughtUpLagReport: LagReport = {
  ...lagReport,
  services: lagReport.services.map(service => ({
    ...service,
    pairs: service.pairs.map(pair => caughtUp(pair.upstream, pair.downstream)),
  })),
};

/** Ungated deployments of payments into prod, newest first. */
export const ungated = (count: number): UngatedDeploymentSummary[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `d-${i}`,
    version: `1.4.${count - i}`,
    finishedAt: `2026-11-${String(20 - i).padStart(2, '0')}T10:00:00.000Z`,
    createdBy: 'user:default/ana.lima',
    reason: i === 0 ? 'Hotfix by hand' : undefined,
  }));

/**
 * Payments: 40 deployments into prod, 35 gated (87.5 %), 5 ungated; search:
 * 10, all gated; in total 50, 45 gated (90 %). Of the releases, 30 of
 * payments' 36 and 5 of search's 10 had a rehearsed rollback (35 of 46).
 */
export const complianceReport: ComplianceReport = {
  scope: { owner: 'group:default/team-a' },
  serviceCount: 2,
  from: '2026-08-24T00:00:00.000Z',
  to: '2026-11-22T00:00:00.000Z',
  totals: { deployments: 50, gated: 45, share: 0.9 },
  rehearsals: { releases: 46, rehearsed: 35, share: 35 / 46 },
  services: [
    {
      service: 'component:default/payments',
      stage: 'prod',
      deployments: 40,
      gated: 35,
      share: 0.875,
      rehearsals: { releases: 36, rehearsed: 30, share: 30 / 36 },
      ungated: ungated(5),
      truncated: false,
    },
    {
      service: 'component:default/search',
      stage: 'prod',
      deployments: 10,
      gated: 10,
      share: 1,
      rehearsals: { releases: 10, rehearsed: 5, share: 0.5 },
      ungated: [],
      truncated: false,
    },
  ],
};
