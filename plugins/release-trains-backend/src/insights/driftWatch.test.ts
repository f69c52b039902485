import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { DriftFinding } from '@release-trains/plugin-release-trains-common';
import request from 'supertest';
import { readPipelines } from '../config/pipelines';
import { ConfigReader } from '@backstage/config';
import { Ledger } from '../ledger/Ledger';
import { owned, reader, secretHidden } from '../__testUtils__/insights';
import { startTestLedgerBackend } from '../__testUtils__/startTestLedgerBackend';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';
import { DriftService } from './DriftService';
import { LagService } from './LagService';

jest.setTimeout(60_000);

const entities = [
  owned('payments', 'group:default/team-a'),
  owned('secret', 'group:default/team-a'),
];
const payments = 'component:default/payments';

const built = (version: string, builtAt: string) => ({
  type: 'version.created',
  service: payments,
  version,
  commitSha: version.replace(/\./g, '').padEnd(40, 'b'),
  builtAt,
  changes: [
    {
      commitSha: version.replace(/\./g, '').padEnd(40, 'c'),
      title: `Release ${version}`,
      author: 'ana',
      mergedAt: builtAt,
    },
  ],
});

const ran = (stage: string, version: string, occurredAt: string) => ({
  type: 'deployment.succeeded',
  service: payments,
  stage,
  version,
  externalId: `${stage}-${version}`,
  occurredAt,
});

describe('drift', () => {
  const databases = createLedgerTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    async function setUp() {
      const { server, knex } = await startTestLedgerBackend(
        databases,
        databaseId,
        { entities, policy: secretHidden },
      );
      let delivery = 0;
      const report = (...events: object[]) =>
        request(server)
          .post('/api/release-trains/events')
          .set('Authorization', mockCredentials.service.header())
          .set('X-Release-Trains-Delivery', `drift-${++delivery}`)
          .send({ events })
          .expect(200);
      const told: DriftFinding[] = [];
      /** A replica's drift check, as the scheduler runs it. */
      const watcher = () => {
        const ledger = new Ledger(knex);
        const pipelines = readPipelines(new ConfigReader({}));
        return new DriftService({
          ledger,
          pipelines,
          lag: new LagService({ ledger, pipelines }),
          thresholds: { maxVersionsBehind: 5, maxDaysBehind: 14 },
          events: { driftFound: async finding => void told.push(finding) },
          logger: mockServices.logger.mock(),
        });
      };
      return { server, report, told, watcher };
    }

    it('reports a prod run CI put past staging and its gate, and tells the owner once, whichever replica checks', async () => {
      const { server, report, told, watcher } = await setUp();
      await report(
        built('1.0.0', '2026-11-20T10:00:00Z'),
        ran('dev', '1.0.0', '2026-11-20T10:10:00Z'),
        ran('prod', '1.0.0', '2026-11-20T10:20:00Z'),
      );

      const answer = await request(server)
        .get('/api/release-trains/insights/drift')
        .set('Authorization', reader)
        .query({ service: 'payments' })
        .expect(200);
      expect(
        answer.body.findings.map((f: DriftFinding) => [f.stage, f.kind]),
      ).toEqual([
        ['prod', 'ungated'],
        ['prod', 'not-upstream'],
      ]);

      // Two replicas check at once, then one again: each finding told once.
      const [first, second] = [watcher(), watcher()];
      const counts = await Promise.all([first.watch(), second.watch()]);
      expect(counts.reduce((a, b) => a + b)).toBe(2);
      expect(await first.watch()).toBe(0);
      expect(told.map(f => f.kind).sort()).toEqual(['not-upstream', 'ungated']);

      // Staging catches up: that drift clears, and is told again if it
      // comes back.
      await report(ran('staging', '1.0.0', '2026-11-20T11:00:00Z'));
      expect(await first.watch()).toBe(0);
      await report(
        built('1.1.0', '2026-11-21T10:00:00Z'),
        ran('prod', '1.1.0', '2026-11-21T10:20:00Z'),
      );
      expect(await second.watch()).toBe(1);
      expect(told.at(-1)).toMatchObject({
        stage: 'prod',
        kind: 'not-upstream',
        message: 'Prod runs 1.1.0, which never ran in Staging',
      });
    });

    it('answers 404 for a service the reader may not see', async () => {
      const { server } = await setUp();
      await request(server)
        .get('/api/release-trains/insights/drift')
        .set('Authorization', reader)
        .query({ service: 'secret' })
        .expect(404);
    });
  });
});
