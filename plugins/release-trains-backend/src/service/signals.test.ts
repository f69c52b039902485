import {
  mockCredentials,
  TestBackend,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import { SignalsService } from '@backstage/plugin-signals-node';
import { releaseTrainsSignalChannel } from '@release-trains/plugin-release-trains-common';
import request from 'supertest';
import {
  component,
  demoPipeline,
  signedEvents,
  startTestLedgerBackend,
} from '../__testUtils__/startTestLedgerBackend';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';
import { DeploymentStore } from '../ledger/DeploymentStore';

jest.setTimeout(120_000);

/**
 * Open pages refetch when the backend signals: once per committed change
 * to what a service's pages show, never for what changed nothing.
 */

const API = '/api/release-trains';
const ana = mockCredentials.user.header('user:default/ana');
const ben = mockCredentials.user.header('user:default/ben');
const chen = mockCredentials.user.header('user:default/chen');
const dana = mockCredentials.user.header('user:default/dana');

type Server = TestBackend['server'];

const channelOf = (name: string) =>
  releaseTrainsSignalChannel(`component:default/${name}`);

const built = (service: string, version: string) => ({
  type: 'version.created',
  service,
  version,
  commitSha: `${service}${version}`
    .replace(/[^0-9a-f]/g, '')
    .padEnd(40, '0')
    .slice(0, 40),
  // Newer minors are built later: rollbacks only go back.
  builtAt: new Date(
    Date.UTC(2026, 10, 20, 10 + Number(version.split('.')[1])),
  ).toISOString(),
});

const deployed = (service: string, stage: string, version: string) => ({
  type: 'deployment.succeeded',
  service,
  stage,
  version,
  externalId: `ci-${service}-${stage}-${version}`,
  occurredAt: new Date().toISOString(),
});

/** payments, cart and search on dev → staging → prod (two approvals of cab). */
async function start(
  databases: ReturnType<typeof createLedgerTestDatabases>,
  databaseId: TestDatabaseId,
) {
  const published: Parameters<SignalsService['publish']>[0][] = [];
  const { server } = await startTestLedgerBackend(databases, databaseId, {
    entities: [component('payments'), component('cart'), component('search')],
    releaseTrains: demoPipeline({
      durationSeconds: 0,
      prod: { title: 'Prod', gates: { approverGroup: 'cab' } },
    }),
    signals: { publish: async signal => void published.push(signal) },
    // Nothing runs by itself: every signal comes from the request at hand.
    scheduledTasks: [],
  });
  /** The channels signalled by `action`, in order. */
  const signalledBy = async (action: () => Promise<unknown>) => {
    published.length = 0;
    await action();
    for (const signal of published) {
      expect(signal).toEqual({
        recipients: { type: 'broadcast' },
        channel: expect.any(String),
        message: { changed: true },
      });
    }
    return published.map(signal => signal.channel);
  };
  return { server, signalledBy };
}

const send = (
  server: Server,
  deliveryId: string,
  events: object[],
  status: number,
) => signedEvents(server, { events }, { deliveryId }).expect(status);

const post = (server: Server, path: string, who: string, body: object) =>
  request(server).post(`${API}${path}`).set('Authorization', who).send(body);

const stageOf = async (server: Server, stage: string) =>
  (
    await request(server)
      .get(`${API}/pipeline`)
      .query({ service: 'payments' })
      .set('Authorization', ana)
  ).body.stages.find((s: { stage: string }) => s.stage === stage);

describe('signals to open pages', () => {
  const databases = createLedgerTestDatabases();
  afterEach(() => jest.restoreAllMocks());

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('signals a CI deployment once, on its service’s channel', async () => {
      const { server, signalledBy } = await start(databases, databaseId);
      await send(server, 'build', [built('payments', '1.0.0')], 200);

      expect(
        await signalledBy(() =>
          send(server, 'd-1', [deployed('payments', 'dev', '1.0.0')], 200),
        ),
      ).toEqual([channelOf('payments')]);
    });

    it('signals a batch over three services once each, and its replays and repeats not at all', async () => {
      const { server, signalledBy } = await start(databases, databaseId);
      const services = ['payments', 'cart', 'search'];
      const events = services.flatMap(service =>
        ['1.0.0', '1.1.0', '1.2.0'].flatMap(version => [
          built(service, version),
          deployed(service, 'dev', version),
          deployed(service, 'staging', version),
        ]),
      );

      const batch = await signalledBy(() => send(server, 'batch', events, 200));
      expect(batch.sort()).toEqual(services.map(channelOf).sort());

      // The same delivery again: answered from the record.
      expect(
        await signalledBy(async () => {
          const replay = await send(server, 'batch', events, 200);
          expect(replay.headers['x-release-trains-replayed']).toBe('true');
        }),
      ).toEqual([]);
      // The same events in a new delivery: applied, changing nothing.
      expect(
        await signalledBy(async () => {
          const repeat = await send(server, 'batch-again', events, 200);
          expect(
            repeat.body.results.map((r: { outcome: string }) => r.outcome),
          ).toEqual(events.map(() => 'unchanged'));
        }),
      ).toEqual([]);
    });

    it('signals nothing for a refused batch, nor for one whose transaction rolled back', async () => {
      const { server, signalledBy } = await start(databases, databaseId);
      const valid = [built('payments', '1.0.0'), built('cart', '1.0.0')];

      expect(
        await signalledBy(() =>
          send(
            server,
            'refused',
            [...valid, deployed('search', 'qa', '1.0.0')],
            400,
          ),
        ),
      ).toEqual([]);

      // The deployments are written last, after the versions: a crash
      // there rolls the versions back too.
      jest
        .spyOn(DeploymentStore.prototype, 'writeBatch')
        .mockRejectedValueOnce(new Error('crashed'));
      const crashed = [...valid, deployed('payments', 'dev', '1.0.0')];
      expect(
        await signalledBy(() => send(server, 'crashed', crashed, 500)),
      ).toEqual([]);

      // Sent again, it commits, and is told.
      expect(
        (await signalledBy(() => send(server, 'crashed', crashed, 200))).sort(),
      ).toEqual([channelOf('cart'), channelOf('payments')]);
    });

    it('signals each approval vote once, and a repeated or refused vote not at all', async () => {
      const { server, signalledBy } = await start(databases, databaseId);
      await send(
        server,
        'ready',
        [
          built('payments', '1.0.0'),
          deployed('payments', 'dev', '1.0.0'),
          deployed('payments', 'staging', '1.0.0'),
        ],
        200,
      );
      const payments = [channelOf('payments')];
      let id = '';
      expect(
        await signalledBy(async () => {
          const asked = await post(server, '/promotions', ana, {
            service: 'payments',
            version: '1.0.0',
            stage: 'prod',
          }).expect(201);
          id = asked.body.id;
        }),
      ).toEqual(payments);
      const vote = (who: string, status: number) => () =>
        post(server, `/deployments/${id}/approvals`, who, {
          decision: 'approve',
        }).expect(status);

      // Dana is not of cab: refused.
      expect(await signalledBy(vote(dana, 403))).toEqual([]);
      expect(await signalledBy(vote(ben, 200))).toEqual(payments);
      expect(await signalledBy(vote(ben, 200))).toEqual([]);
      // The second approval starts the deployment, which then succeeds:
      // two changes, two signals.
      expect(await signalledBy(vote(chen, 200))).toEqual([
        ...payments,
        ...payments,
      ]);
      expect((await stageOf(server, 'prod')).current.version).toBe('1.0.0');
    });

    it('signals a hold set by a rollback and released by an explicit promotion', async () => {
      const { server, signalledBy } = await start(databases, databaseId);
      await send(
        server,
        'staging',
        [
          built('payments', '1.0.0'),
          built('payments', '1.1.0'),
          deployed('payments', 'dev', '1.0.0'),
          deployed('payments', 'staging', '1.0.0'),
          deployed('payments', 'dev', '1.1.0'),
          deployed('payments', 'staging', '1.1.0'),
        ],
        200,
      );
      const payments = channelOf('payments');

      // Claimed with the hold, then finished: two signals.
      expect(
        await signalledBy(() =>
          post(server, '/rollbacks', ana, {
            service: 'payments',
            stage: 'staging',
            reason: 'Checkout errors',
          }).expect(201),
        ),
      ).toEqual([payments, payments]);
      expect(await stageOf(server, 'staging')).toMatchObject({
        current: { version: '1.0.0' },
        hold: { reason: 'Checkout errors' },
      });

      expect(
        await signalledBy(() =>
          post(server, '/promotions', ana, {
            service: 'payments',
            version: '1.1.0',
            stage: 'staging',
          }).expect(201),
        ),
      ).toEqual([payments, payments]);
      const staging = await stageOf(server, 'staging');
      expect(staging.current.version).toBe('1.1.0');
      expect(staging.hold).toBeUndefined();
    });

    it('signals a requirement change to both services’ pages, and a repeat of it not at all', async () => {
      const { server, signalledBy } = await start(databases, databaseId);
      const requirement = () =>
        request(server)
          .put(`${API}/requirements`)
          .set('Authorization', ana)
          .send({ service: 'payments', dependency: 'cart', range: '^1.0.0' })
          .expect(200);

      expect((await signalledBy(requirement)).sort()).toEqual([
        channelOf('cart'),
        channelOf('payments'),
      ]);
      expect(await signalledBy(requirement)).toEqual([]);
    });
  });
});
