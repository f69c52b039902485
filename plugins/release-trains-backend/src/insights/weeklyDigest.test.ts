import { SchedulerService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import { DateTime } from 'luxon';
import request from 'supertest';
import { readInsightsSettings } from '../config/insights';
import { readPipelines } from '../config/pipelines';
import { Ledger } from '../ledger/Ledger';
import { owned } from '../__testUtils__/insights';
import { startTestLedgerBackend } from '../__testUtils__/startTestLedgerBackend';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';
import { DoraService } from './DoraService';
import { dueWeek, WeeklyDigest } from './WeeklyDigest';

jest.setTimeout(60_000);

const teamA = 'group:default/team-a';
const teamB = 'group:default/team-b';
const teamC = 'group:default/team-c';
const entities = [
  owned('payments', teamA),
  owned('cart', teamA),
  owned('search', teamB),
  owned('quiet', teamC),
];

/** A commit of its own for each version (and its change). */
const sha = (service: string, version: string, fill: string) =>
  Buffer.from(`${service}-${version}`).toString('hex').padEnd(40, fill);

/** A version with one change, merged an hour before it was built. */
const built = (service: string, version: string, builtAt: string) => ({
  type: 'version.created',
  service: `component:default/${service}`,
  version,
  commitSha: sha(service, version, 'a'),
  builtAt,
  changes: [
    {
      commitSha: sha(service, version, 'b'),
      title: `${service} ${version}`,
      author: 'ana',
      mergedAt: new Date(Date.parse(builtAt) - 3_600_000).toISOString(),
    },
  ],
});

const deployed = (
  outcome: 'succeeded' | 'failed',
  service: string,
  stage: string,
  version: string,
  occurredAt: string,
) => ({
  type: `deployment.${outcome}`,
  service: `component:default/${service}`,
  stage,
  version,
  externalId: `${service}-${stage}-${version}`,
  occurredAt,
});

/**
 * Two weeks in prod (Monday 16 and Monday 23 November 2026, UTC) and the
 * start of a third. Lead times count from merge, an hour before the build.
 */
const history = [
  // team-a, the week before: lead times 4, 8 and 6 h, no failure.
  built('payments', '1.0.0', '2026-11-16T09:00:00Z'),
  deployed('succeeded', 'payments', 'prod', '1.0.0', '2026-11-16T12:00:00Z'),
  built('payments', '1.1.0', '2026-11-17T09:00:00Z'),
  deployed('succeeded', 'payments', 'prod', '1.1.0', '2026-11-17T16:00:00Z'),
  built('cart', '2.0.0', '2026-11-18T09:00:00Z'),
  deployed('succeeded', 'cart', 'prod', '2.0.0', '2026-11-18T14:00:00Z'),
  // team-a, the week: 1.2.0 fails and 1.2.1 recovers an hour later,
  // carrying 1.2.0's change (3 h) and its own (1 h); cart's take 3, 2 and
  // 1.5 h.
  built('payments', '1.2.0', '2026-11-23T09:00:00Z'),
  deployed('failed', 'payments', 'prod', '1.2.0', '2026-11-23T10:00:00Z'),
  built('payments', '1.2.1', '2026-11-23T10:00:00Z'),
  deployed('succeeded', 'payments', 'prod', '1.2.1', '2026-11-23T11:00:00Z'),
  built('cart', '2.1.0', '2026-11-24T09:00:00Z'),
  deployed('succeeded', 'cart', 'prod', '2.1.0', '2026-11-24T11:00:00Z'),
  built('cart', '2.2.0', '2026-11-25T09:00:00Z'),
  deployed('succeeded', 'cart', 'prod', '2.2.0', '2026-11-25T10:00:00Z'),
  built('cart', '2.3.0', '2026-11-26T09:00:00Z'),
  deployed('succeeded', 'cart', 'prod', '2.3.0', '2026-11-26T09:30:00Z'),
  // The week after has begun: not in the digest.
  built('payments', '1.3.0', '2026-11-30T00:00:00Z'),
  deployed('succeeded', 'payments', 'prod', '1.3.0', '2026-11-30T01:00:00Z'),
  // team-b: one deployment on Tuesday, one on Sunday afternoon in UTC,
  // which is already Monday in Auckland.
  built('search', '5.0.0', '2026-11-24T09:00:00Z'),
  deployed('succeeded', 'search', 'prod', '5.0.0', '2026-11-24T12:00:00Z'),
  built('search', '5.0.1', '2026-11-29T14:00:00Z'),
  deployed('succeeded', 'search', 'prod', '5.0.1', '2026-11-29T15:00:00Z'),
  // team-c: nothing in prod.
  built('quiet', '0.1.0', '2026-11-24T09:00:00Z'),
  deployed('succeeded', 'quiet', 'dev', '0.1.0', '2026-11-24T10:00:00Z'),
];

/** The recipients of a team's notification. */
const to = (owner: string) => ({ type: 'entity', entityRef: owner });
const byOwner = (a: object, b: object) =>
  JSON.stringify(a).localeCompare(JSON.stringify(b));

describe('dueWeek', () => {
  it('is the week just ended, from the hour on Monday in the time zone', () => {
    const utc = { hour: 9, timeZone: 'UTC' };
    expect(dueWeek(new Date('2026-11-30T08:59:59Z'), utc)).toBeUndefined();
    expect(dueWeek(new Date('2026-11-30T09:00:00Z'), utc)).toEqual({
      label: '2026-11-23',
      previousStart: new Date('2026-11-16T00:00:00Z'),
      start: new Date('2026-11-23T00:00:00Z'),
      end: new Date('2026-11-30T00:00:00Z'),
    });
    // Still due on Sunday night, for a run that missed Monday.
    expect(dueWeek(new Date('2026-12-06T23:59:59Z'), utc)?.label).toBe(
      '2026-11-23',
    );
    // Sunday evening in UTC is Monday morning in Auckland (UTC+13).
    const sunday = new Date('2026-11-29T20:30:00Z');
    expect(dueWeek(sunday, utc)?.label).toBe('2026-11-16');
    expect(dueWeek(sunday, { hour: 9, timeZone: 'Pacific/Auckland' })).toEqual({
      label: '2026-11-23',
      previousStart: new Date('2026-11-15T11:00:00Z'),
      start: new Date('2026-11-22T11:00:00Z'),
      end: new Date('2026-11-29T11:00:00Z'),
    });
    expect(
      dueWeek(new Date('2026-11-29T19:59:00Z'), {
        hour: 9,
        timeZone: 'Pacific/Auckland',
      }),
    ).toBeUndefined();
  });
});

describe('weekly digest', () => {
  const databases = createLedgerTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    async function setUp() {
      const { server, knex } = await startTestLedgerBackend(
        databases,
        databaseId,
        { entities },
      );
      await request(server)
        .post('/api/release-trains/events')
        .set('Authorization', mockCredentials.service.header())
        .set('X-Release-Trains-Delivery', 'digest-history')
        .send({ events: history })
        .expect(200);
      const sent: NotificationSendOptions[] = [];
      let reports = 0;
      /** A replica's digest task, as the scheduler runs it at `now`. */
      const digest = (
        now: string,
        options: {
          timeZone?: string;
          notifications?: NotificationService;
        } = {},
      ) => {
        const ledger = new Ledger(knex);
        const pipelines = readPipelines(new ConfigReader({}));
        const dora = new DoraService({
          ledger,
          pipelines,
          settings: readInsightsSettings(
            new ConfigReader({
              releaseTrains: { insights: { minimumSamples: 2 } },
            }),
          ),
        });
        return new WeeklyDigest({
          ledger,
          pipelines,
          dora: {
            report: (...args) => {
              reports += 1;
              return dora.report(...args);
            },
          },
          settings: { hour: 9, timeZone: options.timeZone ?? 'UTC' },
          notifications: options.notifications ?? {
            send: async notification => void sent.push(notification),
          },
          logger: mockServices.logger.mock(),
          now: () => new Date(now),
        });
      };
      return { digest, sent, reports: () => reports };
    }

    it("tells each team its week's figures and the change, once", async () => {
      const { digest, sent, reports } = await setUp();

      expect(await digest('2026-11-30T08:59:00Z').send()).toBe(0);
      expect(await digest('2026-11-30T09:00:00Z').send()).toBe(2);
      expect(sent.map(n => n.recipients)).toEqual([to(teamA), to(teamB)]);
      expect(sent[0].payload).toEqual({
        title: 'Delivery digest of team-a, week of 2026-11-23',
        description: [
          'Prod deployments: 4 (+1).',
          'Median lead time from merge: 2 h (\u22124 h), 5 changes.',
          'Change fail rate: 20 % (+20 pts), 5 deployments.',
          'Median recovery time: not enough data (1 recovery, 2 needed).',
          'Rework rate: 0 % (±0), 5 deployments.',
        ].join('\n'),
        link: '/release-trains/insights?owner=group%3Adefault%2Fteam-a',
        severity: 'low',
        topic: 'release-trains:weekly-digest',
      });
      // Nothing the week before: figures without a change.
      expect(sent[1].payload.description).toBe(
        [
          'Prod deployments: 2 (+2).',
          'Median lead time from merge: 2 h, 2 changes.',
          'Change fail rate: 0 %, 2 deployments.',
          'Median recovery time: not enough data (0 recoveries, 2 needed).',
          'Rework rate: 0 %, 2 deployments.',
        ].join('\n'),
      );

      // Later runs of the week, team-c's (with nothing to tell) too, find
      // them done without reading the figures again.
      const read = reports();
      expect(await digest('2026-12-03T12:00:00Z').send()).toBe(0);
      expect(reports()).toBe(read);
      expect(sent).toHaveLength(2);
    });

    it('sends once when two replicas run the task at once', async () => {
      const { digest, sent } = await setUp();
      const counts = await Promise.all([
        digest('2026-11-30T09:15:00Z').send(),
        digest('2026-11-30T09:15:00Z').send(),
      ]);
      expect(counts.reduce((a, b) => a + b)).toBe(2);
      expect(sent.map(n => n.recipients).sort(byOwner)).toEqual([
        to(teamA),
        to(teamB),
      ]);
    });

    it("takes the week of the digest's time zone", async () => {
      const { digest, sent } = await setUp();
      // Monday 09:30 in Auckland, Sunday evening in UTC.
      await digest('2026-11-29T20:30:00Z', {
        timeZone: 'Pacific/Auckland',
      }).send();
      const teamBs = sent.find(
        n => JSON.stringify(n.recipients) === JSON.stringify(to(teamB)),
      )!;
      expect(teamBs.payload.title).toBe(
        'Delivery digest of team-b, week of 2026-11-23',
      );
      // Sunday's deployment falls on Monday in Auckland: next week's.
      expect(teamBs.payload.description).toBe(
        [
          'Prod deployments: 1 (+1).',
          'Median lead time from merge: not enough data (1 change, 2 needed).',
          'Change fail rate: not enough data (1 deployment, 2 needed).',
          'Median recovery time: not enough data (0 recoveries, 2 needed).',
          'Rework rate: not enough data (1 deployment, 2 needed).',
        ].join('\n'),
      );
    });

    it('tries again on a later run when a digest could not be sent', async () => {
      const { digest, sent } = await setUp();
      const failing: NotificationService = {
        send: async () => {
          throw new Error('notifications are down');
        },
      };
      expect(
        await digest('2026-11-30T09:00:00Z', {
          notifications: failing,
        }).send(),
      ).toBe(0);
      expect(await digest('2026-11-30T09:15:00Z').send()).toBe(2);
      expect(sent).toHaveLength(2);
    });
  });
});

describe('the weekly digest task', () => {
  const databases = createLedgerTestDatabases();
  const [databaseId] = databases.eachSupportedId()[0];

  async function start(weeklyDigest?: object) {
    const tasks: Parameters<SchedulerService['scheduleTask']>[0][] = [];
    const sent: NotificationSendOptions[] = [];
    const { server } = await startTestLedgerBackend(databases, databaseId, {
      entities,
      scheduledTasks: tasks,
      notifications: { send: async n => void sent.push(n) },
      releaseTrains: { insights: { weeklyDigest } },
    });
    // A deployment on Tuesday of the week before this one, by the real clock.
    const weekStart = DateTime.utc().startOf('week').minus({ weeks: 1 });
    const at = (hours: number) => weekStart.plus({ hours }).toISO()!;
    await request(server)
      .post('/api/release-trains/events')
      .set('Authorization', mockCredentials.service.header())
      .set('X-Release-Trains-Delivery', 'digest-task')
      .send({
        events: [
          built('payments', '1.0.0', at(33)),
          deployed('succeeded', 'payments', 'prod', '1.0.0', at(36)),
        ],
      })
      .expect(200);
    const task = tasks.find(t => t.id === 'release-trains-weekly-digest');
    return { task, sent, weekStart: weekStart.toISODate() };
  }

  it('is scheduled only when enabled, and tells the owners', async () => {
    expect((await start()).task).toBeUndefined();
    expect((await start({ enabled: false })).task).toBeUndefined();

    const { task, sent, weekStart } = await start({ enabled: true, hour: 0 });
    expect(task).toBeDefined();
    await task!.fn(new AbortController().signal);
    // The prod deployment, reported past its gate, was notified too.
    const digests = sent.filter(
      n => n.payload.topic === 'release-trains:weekly-digest',
    );
    expect(digests).toEqual([
      {
        recipients: to(teamA),
        payload: expect.objectContaining({
          title: `Delivery digest of team-a, week of ${weekStart}`,
          description: expect.stringMatching(/^Prod deployments: 1 \(\+1\)/),
        }),
      },
    ]);
  });
});
