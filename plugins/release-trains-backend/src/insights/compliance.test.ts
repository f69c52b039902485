import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  demoPipeline,
  startTestLedgerBackend,
} from '../__testUtils__/startTestLedgerBackend';
import { owned, secretHidden } from '../__testUtils__/insights';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const API = '/api/release-trains';
const ana = mockCredentials.user.header('user:default/ana');
const ben = mockCredentials.user.header('user:default/ben');
const chen = mockCredentials.user.header('user:default/chen');

const entities = [
  owned('payments', 'group:default/team-a'),
  owned('cart', 'group:default/team-b'),
  owned('secret', 'group:default/team-a'),
];

const HOUR = 3_600_000;

/** Built 1.0.0 and 1.1.0, each run in dev and staging an hour ago. */
function builtAndStaged(name: string) {
  const service = `component:default/${name}`;
  const at = new Date(Date.now() - HOUR).toISOString();
  return ['1.0.0', '1.1.0'].flatMap(version => [
    {
      type: 'version.created',
      service,
      version,
      commitSha: version.replace(/\./g, '').padEnd(40, '0'),
      builtAt: at,
    },
    ...['dev', 'staging'].map(stage => ({
      type: 'deployment.succeeded',
      service,
      stage,
      version,
      externalId: `${name}-${stage}-${version}`,
      occurredAt: at,
    })),
  ]);
}

describe('GET /insights/compliance', () => {
  const databases = createLedgerTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    async function backend() {
      const { server } = await startTestLedgerBackend(databases, databaseId, {
        entities,
        policy: secretHidden,
        releaseTrains: demoPipeline({
          prod: { gates: { approverGroup: 'cab', soakMinutes: 0 } },
        }),
      });
      const post = (path: string, who: string, body: object) =>
        request(server)
          .post(`${API}${path}`)
          .set('Authorization', who)
          .send(body);
      const events = (deliveryId: string, list: object[]) =>
        request(server)
          .post(`${API}/events`)
          .set('Authorization', mockCredentials.service.header())
          .set('X-Release-Trains-Delivery', deliveryId)
          .send({ events: list })
          .expect(200);
      for (const name of ['payments', 'secret']) {
        await events(`built-${name}`, builtAndStaged(name));
      }
      // payments 1.0.0 through the gate: asked by ana, approved by ben and chen.
      const asked = await post('/promotions', ana, {
        service: 'payments',
        version: '1.0.0',
        stage: 'prod',
      }).expect(201);
      for (const approver of [ben, chen]) {
        await post(`/deployments/${asked.body.id}/approvals`, approver, {
          decision: 'approve',
        }).expect(200);
      }
      for (const name of ['payments', 'secret']) {
        // 1.1.0 reported into prod by CI: past the gate, so ungated.
        await events(`prod-${name}`, [
          {
            type: 'deployment.succeeded',
            service: `component:default/${name}`,
            stage: 'prod',
            version: '1.1.0',
            externalId: `${name}-prod-1.1.0`,
            occurredAt: new Date().toISOString(),
          },
        ]);
      }
      const compliance = (query: Record<string, string>) =>
        request(server)
          .get(`${API}/insights/compliance`)
          .set('Authorization', ana)
          .query(query);
      return { compliance };
    }

    it('counts prod deployments that passed the gate, and lists the ungated one', async () => {
      const { compliance } = await backend();
      const response = await compliance({ service: 'payments' }).expect(200);
      expect(response.body).toMatchObject({
        scope: { service: 'component:default/payments' },
        serviceCount: 1,
        totals: { deployments: 2, gated: 1, share: 0.5 },
      });
      const [payments] = response.body.services;
      expect(payments).toMatchObject({
        service: 'component:default/payments',
        stage: 'prod',
        deployments: 2,
        gated: 1,
        share: 0.5,
        truncated: false,
      });
      expect(payments.ungated).toEqual([
        expect.objectContaining({
          version: '1.1.0',
          createdBy: expect.any(String),
          finishedAt: expect.any(String),
          id: expect.any(String),
        }),
      ]);
    });

    it('totals the scope, leaving out services the reader may not see; 404 for one named', async () => {
      const { compliance } = await backend();
      const organisation = await compliance({}).expect(200);
      expect(organisation.body.serviceCount).toBe(2);
      // payments' deployments only, not secret's.
      expect(organisation.body.totals).toEqual({
        deployments: 2,
        gated: 1,
        share: 0.5,
      });
      const cart = organisation.body.services.find(
        (s: any) => s.service === 'component:default/cart',
      );
      expect(cart).toEqual({
        service: 'component:default/cart',
        stage: 'prod',
        deployments: 0,
        gated: 0,
        rehearsals: { releases: 0, rehearsed: 0 },
        ungated: [],
        truncated: false,
      });
      // No release into prod had its rollback rehearsed.
      expect(organisation.body.rehearsals).toMatchObject({ rehearsed: 0 });
      await compliance({ service: 'secret' }).expect(404);
      const earlier = await compliance({
        from: '2026-01-01T00:00:00Z',
        to: '2026-02-01T00:00:00Z',
      }).expect(200);
      expect(earlier.body.totals).toEqual({ deployments: 0, gated: 0 });
    });

    it('refuses a bad period with 400', async () => {
      const { compliance } = await backend();
      const periods: Record<string, string>[] = [
        { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' },
        { from: '2024-01-01T00:00:00Z', to: '2026-11-01T00:00:00Z' },
        { from: 'yesterday' },
      ];
      for (const query of periods) {
        const response = await compliance(query);
        expect({ query, status: response.status }).toEqual({
          query,
          status: 400,
        });
      }
    });
  });
});
