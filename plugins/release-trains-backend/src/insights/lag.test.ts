import { mockCredentials } from '@backstage/backend-test-utils';
import { DateTime } from 'luxon';
import request from 'supertest';
import { startTestLedgerBackend } from '../__testUtils__/startTestLedgerBackend';
import { owned, secretHidden, reader, SECRET } from '../__testUtils__/insights';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const H = 3_600_000;
const DAY = 24 * H;

const entities = [
  owned('payments', 'group:default/team-a'),
  owned('cart', 'group:default/team-b'),
  owned('skipper', 'group:default/team-b'),
  owned('secret', 'group:default/team-a'),
];

/** CI events of one service, at times in milliseconds. */
function historyOf(name: string) {
  const service = `component:default/${name}`;
  const iso = (at: number) => new Date(at).toISOString();
  const change = (title: string, mergedAt: number, committedAt?: number) => ({
    commitSha: Buffer.from(`${name}:${title}`)
      .toString('hex')
      .padEnd(40, '0')
      .slice(0, 40),
    title,
    author: 'ana',
    mergedAt: iso(mergedAt),
    ...(committedAt !== undefined && { committedAt: iso(committedAt) }),
  });
  return {
    built: (version: string, at: number, changes: object[]) => ({
      type: 'version.created',
      service,
      version,
      commitSha: `${name.length}${version.replace(/\./g, '')}`.padEnd(40, 'a'),
      builtAt: iso(at),
      changes,
    }),
    ran: (stage: string, version: string, at: number) => ({
      type: 'deployment.succeeded',
      service,
      stage,
      version,
      externalId: `${name}-${stage}-${version}-${at}`,
      occurredAt: iso(at),
    }),
    change,
  };
}

/**
 * payments (and secret, the same): 1.0.0 everywhere; 1.1.0 and 1.2.0 in
 * dev and staging, not in prod.
 */
function paymentsHistory(name: string, now: number) {
  const { built, ran, change } = historyOf(name);
  const ago = (hours: number) => now - hours * H;
  return [
    built('1.0.0', ago(100), [change('A', ago(101), ago(102))]),
    ran('dev', '1.0.0', ago(99)),
    ran('staging', '1.0.0', ago(98)),
    ran('prod', '1.0.0', ago(97)),
    built('1.1.0', ago(50), [change('B', ago(51))]),
    ran('dev', '1.1.0', ago(49)),
    ran('staging', '1.1.0', ago(48)),
    built('1.2.0', ago(20), [change('C', ago(21)), change('D', ago(20.5))]),
    ran('dev', '1.2.0', ago(19)),
    ran('staging', '1.2.0', ago(10)),
  ];
}

/** cart, around the starts of the last three weeks (w[0] the oldest). */
function cartHistory(w: number[]) {
  const { built, ran, change } = historyOf('cart');
  return [
    built('1.0.0', w[0] - 3 * DAY, [change('X', w[0] - 3 * DAY - H)]),
    ran('dev', '1.0.0', w[0] - 3 * DAY + H),
    ran('staging', '1.0.0', w[0] - 3 * DAY + 2 * H),
    ran('prod', '1.0.0', w[0] - 3 * DAY + 3 * H),
    built('2.0.0', w[0] - DAY, [
      change('Y1', w[0] - DAY - 2 * H),
      change('Y2', w[0] - DAY - H),
    ]),
    ran('dev', '2.0.0', w[0] - DAY + H),
    ran('staging', '2.0.0', w[0] - DAY + 2 * H),
    built('3.0.0', w[1] - DAY, [change('Z', w[1] - DAY - H)]),
    ran('dev', '3.0.0', w[1] - DAY + H),
    ran('staging', '3.0.0', w[1] - DAY + 2 * H),
    ran('prod', '3.0.0', w[2] - DAY),
  ];
}

/** skipper: 1.1.0 went from dev straight to prod; 1.2.0 is in dev. */
function skipperHistory(now: number) {
  const { built, ran, change } = historyOf('skipper');
  const ago = (hours: number) => now - hours * H;
  return [
    built('1.0.0', ago(30), [change('P', ago(31))]),
    ran('dev', '1.0.0', ago(29)),
    ran('staging', '1.0.0', ago(28)),
    built('1.1.0', ago(20), [change('Q', ago(21))]),
    ran('dev', '1.1.0', ago(19)),
    ran('prod', '1.1.0', ago(18)),
    built('1.2.0', ago(10), [change('R', ago(11))]),
    ran('dev', '1.2.0', ago(9)),
  ];
}

describe('GET /insights/lag', () => {
  const databases = createLedgerTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    async function backend() {
      const now = Date.now();
      const thisWeek = DateTime.fromMillis(now, { zone: 'UTC' })
        .startOf('week')
        .toMillis();
      const weeks = [thisWeek - 14 * DAY, thisWeek - 7 * DAY, thisWeek];
      const { server } = await startTestLedgerBackend(databases, databaseId, {
        entities,
        policy: secretHidden,
      });
      const histories = {
        payments: paymentsHistory('payments', now),
        secret: paymentsHistory('secret', now),
        cart: cartHistory(weeks),
        skipper: skipperHistory(now),
      };
      for (const [name, events] of Object.entries(histories)) {
        await request(server)
          .post('/api/release-trains/events')
          .set('Authorization', mockCredentials.service.header())
          .set('X-Release-Trains-Delivery', `history-${name}`)
          .send({ events })
          .expect(200);
      }
      const lag = (query: Record<string, string>) =>
        request(server)
          .get('/api/release-trains/insights/lag')
          .set('Authorization', reader)
          .query(query);
      return { lag, now, weeks };
    }

    it('gives what waits in staging for prod, with the oldest change and its age', async () => {
      const { lag, now } = await backend();
      const response = await lag({ service: 'payments' }).expect(200);
      expect(response.body).toMatchObject({
        scope: { service: 'component:default/payments' },
        serviceCount: 1,
        weeks: 8,
      });
      const [payments] = response.body.services;
      expect(payments.stages).toEqual(['dev', 'staging', 'prod']);
      const [devToStaging, stagingToProd] = payments.pairs;
      // Staging runs what dev runs: nothing waits.
      expect(devToStaging).toMatchObject({
        upstream: 'dev',
        downstream: 'staging',
        upstreamVersion: '1.2.0',
        downstreamVersion: '1.2.0',
        waitingVersions: 0,
        waitingChanges: 0,
      });
      expect(devToStaging).not.toHaveProperty('oldestWaitingChange');
      expect(stagingToProd).toMatchObject({
        upstream: 'staging',
        downstream: 'prod',
        upstreamVersion: '1.2.0',
        downstreamVersion: '1.0.0',
        waitingVersions: 2,
        waitingChanges: 3,
        oldestWaitingChange: {
          title: 'B',
          author: 'ana',
          mergedAt: new Date(now - 51 * H).toISOString(),
          // B arrived in staging with 1.1.0, 48 hours ago.
          arrivedAt: new Date(now - 48 * H).toISOString(),
        },
      });
      const age = stagingToProd.oldestWaitingChange.ageSeconds;
      expect(age).toBeGreaterThanOrEqual(48 * 3600);
      expect(age).toBeLessThan(48 * 3600 + 60);
      expect(stagingToProd.trend).toHaveLength(8);

      // Only A reached prod: 1 h commit to merge, 2 h to dev, 1 h in each.
      expect(payments.leadTimeSplit).toMatchObject({
        changes: 1,
        commitToMerge: { samples: 1, medianSeconds: 3600 },
        mergeToFirstStage: { samples: 1, medianSeconds: 2 * 3600 },
        stageWaits: [
          { stage: 'dev', samples: 1, medianSeconds: 3600 },
          { stage: 'staging', samples: 1, medianSeconds: 3600 },
        ],
      });
    });

    it('counts a change past a skipped stage as past it', async () => {
      const { lag } = await backend();
      const response = await lag({ service: 'skipper' }).expect(200);
      const [skipper] = response.body.services;
      const [devToStaging, stagingToProd] = skipper.pairs;
      // Staging runs 1.0.0, prod 1.1.0: only 1.2.0 waits after dev.
      expect(devToStaging).toMatchObject({
        downstreamVersion: '1.0.0',
        waitingVersions: 1,
        waitingChanges: 1,
        oldestWaitingChange: { title: 'R' },
      });
      // Prod is ahead of staging: nothing waits.
      expect(stagingToProd).toMatchObject({
        waitingVersions: 0,
        waitingChanges: 0,
      });
      expect(stagingToProd).not.toHaveProperty('oldestWaitingChange');
      // P and Q reached prod; Q skipped staging, so no wait is sampled for it.
      expect(skipper.leadTimeSplit).toMatchObject({
        changes: 2,
        mergeToFirstStage: { samples: 2 },
        stageWaits: [
          { stage: 'dev', samples: 1, medianSeconds: 3600 },
          { stage: 'staging', samples: 1, medianSeconds: 10 * 3600 },
        ],
      });
    });

    it('gives the trend: the waiting changes at the start of each week', async () => {
      const { lag, weeks } = await backend();
      const response = await lag({ service: 'cart', weeks: '3' }).expect(200);
      const [devToStaging, stagingToProd] = response.body.services[0].pairs;
      expect(stagingToProd.trend).toEqual([
        { at: new Date(weeks[0]).toISOString(), waitingChanges: 2 },
        { at: new Date(weeks[1]).toISOString(), waitingChanges: 3 },
        { at: new Date(weeks[2]).toISOString(), waitingChanges: 0 },
      ]);
      expect(stagingToProd.waitingChanges).toBe(0);
      expect(
        devToStaging.trend.map((point: any) => point.waitingChanges),
      ).toEqual([0, 0, 0]);
    });

    it('leaves out services the reader may not see, and answers 404 for one named', async () => {
      const { lag } = await backend();
      const organisation = await lag({}).expect(200);
      expect(organisation.body.serviceCount).toBe(3);
      expect(
        organisation.body.services.map((s: any) => s.service),
      ).not.toContain(SECRET);
      // A and P, Q (and cart's X, Y1, Y2, Z) — not secret's A.
      expect(organisation.body.leadTimeSplit.changes).toBe(7);
      const team = await lag({ owner: 'group:default/team-a' }).expect(200);
      expect(team.body.serviceCount).toBe(1);
      expect(team.body.scope).toEqual({ owner: 'group:default/team-a' });
      await lag({ service: 'secret' }).expect(404);
    });

    it('refuses a bad number of weeks with 400', async () => {
      const { lag } = await backend();
      for (const weeks of ['0', '53', 'two', '1.5']) {
        const response = await lag({ weeks });
        expect({ weeks, status: response.status }).toEqual({
          weeks,
          status: 400,
        });
      }
    });
  });
});
