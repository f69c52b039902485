import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { startTestLedgerBackend } from '../__testUtils__/startTestLedgerBackend';
import { owned, secretHidden, reader } from '../__testUtils__/insights';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const entities = [
  owned('payments', 'group:default/team-a'),
  owned('cart', 'group:default/team-b'),
  owned('secret', 'group:default/team-a'),
];

/** payments in prod: a good release, a failure, the hotfix that fixed it. */
function paymentsHistory(service: string) {
  const change = (title: string, mergedAt: string, committedAt?: string) => ({
    commitSha: `${Buffer.from(title).toString('hex').padEnd(40, '0')}`.slice(
      0,
      40,
    ),
    title,
    author: 'ana',
    mergedAt,
    ...(committedAt && { committedAt }),
  });
  const version = (
    v: string,
    builtAt: string,
    changes: object[],
    kind?: string,
  ) => ({
    type: 'version.created',
    service,
    version: v,
    commitSha: `${v.replace(/\./g, '')}`.padEnd(40, 'a'),
    builtAt,
    changes,
    ...(kind && { kind }),
  });
  const deployed = (
    type: string,
    stage: string,
    v: string,
    externalId: string,
    occurredAt: string,
  ) => ({ type, service, stage, version: v, externalId, occurredAt });
  return [
    version('1.0.0', '2026-11-02T00:00:00Z', [
      change('Retry declines', '2026-11-01T22:00:00Z', '2026-11-01T20:00:00Z'),
    ]),
    version('1.1.0', '2026-11-03T00:00:00Z', [
      change('New checkout', '2026-11-02T20:00:00Z'),
    ]),
    version(
      '1.2.0',
      '2026-11-03T13:00:00Z',
      [change('Fix checkout', '2026-11-03T12:30:00Z')],
      'hotfix',
    ),
    deployed(
      'deployment.succeeded',
      'staging',
      '1.0.0',
      `${service}-s1`,
      '2026-11-02T05:00:00Z',
    ),
    deployed(
      'deployment.succeeded',
      'prod',
      '1.0.0',
      `${service}-p1`,
      '2026-11-02T10:00:00Z',
    ),
    deployed(
      'deployment.failed',
      'prod',
      '1.1.0',
      `${service}-p2`,
      '2026-11-03T12:00:00Z',
    ),
    deployed(
      'deployment.succeeded',
      'prod',
      '1.2.0',
      `${service}-p3`,
      '2026-11-03T15:00:00Z',
    ),
  ];
}

const period = { from: '2026-11-01T00:00:00Z', to: '2026-11-05T00:00:00Z' };
const HOUR = 3600;

describe('GET /insights/dora', () => {
  const databases = createLedgerTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    async function backend() {
      const { server } = await startTestLedgerBackend(databases, databaseId, {
        entities,
        policy: secretHidden,
        releaseTrains: { insights: { minimumSamples: 1 } },
      });
      for (const service of ['payments', 'secret']) {
        await request(server)
          .post('/api/release-trains/events')
          .set('Authorization', mockCredentials.service.header())
          .set('X-Release-Trains-Delivery', `history-${service}`)
          .send({ events: paymentsHistory(`component:default/${service}`) })
          .expect(200);
      }
      const dora = (query: Record<string, string>) =>
        request(server)
          .get('/api/release-trains/insights/dora')
          .set('Authorization', reader)
          .query(query);
      return { dora, server };
    }

    it('gives the five metrics of a service, from its prod deployments alone', async () => {
      const { dora } = await backend();
      const response = await dora({
        service: 'payments',
        ...period,
        bucket: 'day',
      });
      expect(response.status).toBe(200);
      const { totals, buckets } = response.body;
      expect(response.body).toMatchObject({
        scope: { service: 'component:default/payments' },
        serviceCount: 1,
        bucket: 'day',
        timeZone: 'UTC',
      });
      expect(totals.deploymentFrequency).toEqual({
        deployments: 2,
        perDay: 0.5,
        band: 'high',
      });
      // p2 failed; p1 is no failure: the hotfix came 29 hours after it.
      expect(totals.changeFailRate).toEqual({
        samples: 3,
        count: 1,
        enough: true,
        rate: 1 / 3,
        band: 'low',
      });
      expect(totals.recoveryTime).toMatchObject({
        samples: 1,
        medianSeconds: 3 * HOUR,
        band: 'high',
      });
      // The hotfix is unplanned.
      expect(totals.reworkRate).toMatchObject({ samples: 3, count: 1 });
      // 12 h (1.0.0), 19 h (1.1.0's change arrived with 1.2.0), 2.5 h.
      expect(totals.leadTime.fromMerge).toEqual({
        samples: 3,
        enough: true,
        medianSeconds: 12 * HOUR,
        p90Seconds: 19 * HOUR,
      });
      expect(totals.leadTime.fromCommit).toMatchObject({
        samples: 1,
        medianSeconds: 14 * HOUR,
      });
      expect(totals.leadTime.band).toBe('elite');

      expect(buckets.map((b: any) => b.start)).toEqual([
        '2026-11-01T00:00:00.000Z',
        '2026-11-02T00:00:00.000Z',
        '2026-11-03T00:00:00.000Z',
        '2026-11-04T00:00:00.000Z',
      ]);
      expect(
        buckets.map((b: any) => [
          b.deploymentFrequency.deployments,
          b.changeFailRate.count,
        ]),
      ).toEqual([
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 0],
      ]);
    });

    it('leaves out services the reader may not see, and answers 404 for one named', async () => {
      const { dora } = await backend();
      const organisation = await dora(period).expect(200);
      expect(organisation.body.serviceCount).toBe(2);
      // payments' deployments only, not secret's identical ones.
      expect(organisation.body.totals.deploymentFrequency.deployments).toBe(2);
      const team = await dora({ owner: 'group:default/team-a', ...period });
      expect(team.body.serviceCount).toBe(1);
      expect(team.body.scope).toEqual({ owner: 'group:default/team-a' });
      await dora({ service: 'secret', ...period }).expect(404);
    });

    it('compares the teams, each with the services it owns the reader may see', async () => {
      const { server } = await backend();
      const teams = (query: Record<string, string>) =>
        request(server)
          .get('/api/release-trains/insights/dora/teams')
          .set('Authorization', reader)
          .query(query);
      const response = await teams(period).expect(200);
      expect(response.body).toMatchObject({
        from: '2026-11-01T00:00:00.000Z',
        to: '2026-11-05T00:00:00.000Z',
        minimumSamples: 1,
      });
      // team-a: payments (secret is hidden), as on its own; team-b: cart,
      // which never reached prod.
      expect(
        response.body.teams.map((team: any) => [
          team.owner,
          team.serviceCount,
          team.totals.deploymentFrequency.deployments,
          team.totals.changeFailRate.count,
          team.totals.leadTime.fromMerge.medianSeconds,
        ]),
      ).toEqual([
        ['group:default/team-a', 1, 2, 1, 12 * HOUR],
        ['group:default/team-b', 1, 0, 0, undefined],
      ]);
      expect(
        (await teams({ ...period, system: 'no-such-system' }).expect(200)).body
          .teams,
      ).toEqual([]);
      await teams({ from: period.to, to: period.from }).expect(400);
    });

    it('says "not enough data" below the minimum, and gives counts all the same', async () => {
      const { dora } = await backend();
      const cart = await dora({ service: 'cart', ...period }).expect(200);
      expect(cart.body.totals).toMatchObject({
        deploymentFrequency: { deployments: 0, band: 'low' },
        changeFailRate: { samples: 0, count: 0, enough: false },
        recoveryTime: { samples: 0, enough: false },
      });
      expect(cart.body.totals.changeFailRate).not.toHaveProperty('rate');
      expect(cart.body.totals.leadTime).not.toHaveProperty('band');
    });

    it('refuses a bad period, bucket or time zone with 400', async () => {
      const { dora } = await backend();
      for (const query of [
        { from: period.to, to: period.from },
        { from: '2024-01-01T00:00:00Z', to: '2026-11-01T00:00:00Z' },
        { ...period, bucket: 'hour' },
        { ...period, timeZone: 'Mars/Olympus' },
        { ...period, from: 'yesterday' },
      ]) {
        const response = await dora(query);
        expect({ query, status: response.status }).toEqual({
          query,
          status: 400,
        });
      }
    });
  });
});
