import { TestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  sendEvents,
  startTestLedgerBackend,
} from '../__testUtils__/startTestLedgerBackend';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const sha = (n: number) => n.toString(16).padStart(2, '0').repeat(20);

/** payments 1.0.0 (PR 1) and 1.1.0 (PR 2, PAY-2) built; 1.0.0 in prod, 1.1.0 in staging. */
async function seed(server: TestBackend['server']) {
  const version = (v: string, n: number, builtAt: string) => ({
    type: 'version.created',
    service: 'payments',
    version: v,
    commitSha: sha(n),
    builtAt,
    changes: [
      {
        commitSha: sha(n),
        prNumber: n,
        title: `Change ${n}`,
        author: n === 1 ? 'ana.lima' : 'ben.okafor',
        mergedAt: builtAt,
        issueKeys: [`PAY-${n}`],
      },
    ],
  });
  const deployed = (stage: string, v: string, at: string) => ({
    type: 'deployment.succeeded',
    service: 'payments',
    stage,
    version: v,
    externalId: `${stage}-${v}`,
    occurredAt: at,
  });
  await sendEvents(server, 'seed-1', [
    version('1.0.0', 1, '2026-11-01T10:00:00.000Z'),
    version('1.1.0', 2, '2026-11-02T10:00:00.000Z'),
    deployed('dev', '1.0.0', '2026-11-01T11:00:00.000Z'),
    deployed('staging', '1.0.0', '2026-11-01T12:00:00.000Z'),
    deployed('prod', '1.0.0', '2026-11-01T13:00:00.000Z'),
    deployed('dev', '1.1.0', '2026-11-02T11:00:00.000Z'),
    deployed('staging', '1.1.0', '2026-11-02T12:00:00.000Z'),
  ]);
}

describe('where is my change', () => {
  const databases = createLedgerTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('tells which stages run a change found by SHA prefix, PR, author or issue key', async () => {
      const { server } = await startTestLedgerBackend(databases, databaseId);
      await seed(server);

      const expected = {
        service: 'component:default/payments',
        change: expect.objectContaining({
          commitSha: sha(2),
          prNumber: 2,
          issueKeys: ['PAY-2'],
        }),
        version: '1.1.0',
        stages: [
          {
            stage: 'dev',
            title: 'Dev',
            contains: true,
            since: '2026-11-02T11:00:00.000Z',
            runningVersion: '1.1.0',
          },
          {
            stage: 'staging',
            title: 'Staging',
            contains: true,
            since: '2026-11-02T12:00:00.000Z',
            runningVersion: '1.1.0',
          },
          {
            stage: 'prod',
            title: 'Prod',
            contains: false,
            runningVersion: '1.0.0',
          },
        ],
      };
      for (const query of [
        { sha: sha(2).slice(0, 7) },
        { sha: sha(2).toUpperCase() },
        { pr: 2 },
        { author: 'ben.okafor' },
        { issue: 'pay-2' },
        { issue: 'PAY-2', service: 'payments' },
      ]) {
        const response = await request(server)
          .get('/api/release-trains/changes')
          .query(query);
        expect(response.status).toBe(200);
        expect(response.body.items).toEqual([expected]);
      }
    });

    it('finds an older change running everywhere, and nothing for unknown ones', async () => {
      const { server } = await startTestLedgerBackend(databases, databaseId);
      await seed(server);

      const old = await request(server)
        .get('/api/release-trains/changes')
        .query({ pr: 1 });
      expect(
        old.body.items[0].stages.map((s: { contains: boolean }) => s.contains),
      ).toEqual([true, true, true]);
      expect(old.body.items[0].stages[0].since).toBe(
        '2026-11-01T11:00:00.000Z',
      );

      for (const query of [
        { sha: 'fffffff' },
        { pr: 99 },
        { issue: 'PAY-99' },
        { pr: 2, service: 'cart' },
      ]) {
        const response = await request(server)
          .get('/api/release-trains/changes')
          .query(query);
        expect(response.body.items).toEqual([]);
      }
    });

    it('lists the changes between two versions, for approvers', async () => {
      const { server } = await startTestLedgerBackend(databases, databaseId);
      await seed(server);
      const between = async (query: object) =>
        (
          await request(server)
            .get('/api/release-trains/changes/between')
            .query({ service: 'payments', ...query })
        ).body.items.map((change: { prNumber: number }) => change.prNumber);

      expect(await between({ from: '1.0.0', to: '1.1.0' })).toEqual([2]);
      expect(await between({ to: '1.1.0' })).toEqual([2, 1]);
      expect(await between({ from: '1.1.0', to: '1.0.0' })).toEqual([]);
    });

    it('tells which train should carry a change on, and when it should arrive', async () => {
      const { server } = await startTestLedgerBackend(databases, databaseId, {
        releaseTrains: {
          trains: {
            daily: {
              title: 'Daily',
              schedule: { cron: '0 10 * * *', timeZone: 'UTC' },
              cutoffMinutes: 30,
              services: ['component:default/payments'],
              stageMinutes: 45,
            },
          },
        },
      });
      await seed(server);

      const found = (
        await request(server)
          .get('/api/release-trains/changes')
          .query({ pr: 2 })
      ).body.items[0];
      const now = new Date();
      const next = new Date(
        Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 10),
      );
      if (next <= now) next.setUTCDate(next.getUTCDate() + 1);
      expect(found.train).toEqual({
        name: 'daily',
        title: 'Daily',
        departsAt: next.toISOString(),
        cutoffAt: new Date(next.getTime() - 30 * 60_000).toISOString(),
      });
      // Staging runs it already; prod is two stages after boarding (dev).
      expect(found.stages.map((s: any) => s.expectedAt)).toEqual([
        undefined,
        undefined,
        new Date(next.getTime() + 2 * 45 * 60_000).toISOString(),
      ]);
    });

    it('counts "since" from the last time a stage went back to a version without the change', async () => {
      const { server } = await startTestLedgerBackend(databases, databaseId);
      await seed(server);
      const redeploy = (version: string, at: string) =>
        sendEvents(server, `dev-${version}-${at}`, [
          {
            type: 'deployment.succeeded',
            service: 'payments',
            stage: 'dev',
            version,
            externalId: `dev-${version}-${at}`,
            occurredAt: at,
          },
        ]);
      await redeploy('1.0.0', '2026-11-03T09:00:00.000Z');
      await redeploy('1.1.0', '2026-11-04T09:00:00.000Z');

      const sinceInDev = async (pr: number) =>
        (await request(server).get('/api/release-trains/changes').query({ pr }))
          .body.items[0].stages[0].since;
      expect(await sinceInDev(2)).toBe('2026-11-04T09:00:00.000Z');
      expect(await sinceInDev(1)).toBe('2026-11-01T11:00:00.000Z');
    });
  });

  it.each([
    [{}, /Give one of sha/],
    [{ sha: 'abc' }, /sha must NOT have fewer than 7 characters/],
    [{ sha: 'xyzxyzx' }, /sha must match pattern/],
    [{ pr: 'one' }, /pr must be integer/],
  ])('answers 400 to %j', async (query, message) => {
    const { server } = await startTestLedgerBackend(databases, 'SQLITE_3');
    const response = await request(server)
      .get('/api/release-trains/changes')
      .query(query);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(message);
  });
});
