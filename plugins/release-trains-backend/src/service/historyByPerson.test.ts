import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { startTestLedgerBackend } from '../__testUtils__/startTestLedgerBackend';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';
import { Ledger } from '../ledger/Ledger';

jest.setTimeout(60_000);

const API = '/api/release-trains';
const ANA = 'user:default/ana';
const BEN = 'user:default/ben';
const reader = mockCredentials.user.header(ANA);

/** Ten deployments, a minute apart: ben asked for every third, ana for the rest. */
function deployments() {
  return Array.from({ length: 10 }, (_, i) => ({
    id: `00000000-0000-4000-8000-0000000000${String(i).padStart(2, '0')}`,
    service: i % 2 ? 'component:default/cart' : 'component:default/payments',
    stage: 'dev',
    version: `1.${i}.0`,
    kind: 'promote' as const,
    createdBy: i % 3 === 0 ? BEN : ANA,
    createdAt: new Date(Date.UTC(2026, 10, 20, 10, i)),
  }));
}

describe('GET /deployments?createdBy', () => {
  const databases = createLedgerTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    async function backend() {
      const { server, knex } = await startTestLedgerBackend(
        databases,
        databaseId,
      );
      await new Ledger(knex).deployments.recordAll(deployments());
      const list = (query: Record<string, string | number>) =>
        request(server)
          .get(`${API}/deployments`)
          .set('Authorization', reader)
          .query(query);
      /** Each listed deployment as "version by". */
      const listed = async (query: Record<string, string | number>) =>
        (await list(query).expect(200)).body.items.map(
          (d: any) => `${d.version} ${d.createdBy}`,
        );
      return { list, listed };
    }

    it('lists only that person’s deployments, newest first, in any scope', async () => {
      const { listed } = await backend();
      const bens = ['1.9.0', '1.6.0', '1.3.0', '1.0.0'].map(v => `${v} ${BEN}`);
      expect(await listed({ createdBy: BEN })).toEqual(bens);
      // A bare name is a User of the default namespace.
      expect(await listed({ createdBy: 'ben' })).toEqual(bens);
      expect(await listed({ createdBy: BEN, service: 'payments' })).toEqual([
        `1.6.0 ${BEN}`,
        `1.0.0 ${BEN}`,
      ]);
      expect(
        await listed({ createdBy: BEN, owner: 'group:default/team-a' }),
      ).toEqual(bens);
      expect(await listed({ createdBy: 'user:default/dana' })).toEqual([]);
      // Without the filter, everyone's.
      expect(await listed({})).toHaveLength(10);
    });

    it('pages through that person’s deployments with the cursor', async () => {
      const { list } = await backend();
      const pages: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await list({
          createdBy: ANA,
          limit: 2,
          ...(cursor && { cursor }),
        }).expect(200);
        pages.push(page.body.items.map((d: any) => d.version));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(pages).toEqual([
        ['1.8.0', '1.7.0'],
        ['1.5.0', '1.4.0'],
        ['1.2.0', '1.1.0'],
      ]);
    });

    it.each([
      'user:default/',
      'user:a/b/c',
      'user:default/not a name',
      `user:default/${'x'.repeat(100)}`,
    ])('refuses %p as a person with 400', async createdBy => {
      const { list } = await backend();
      const response = await list({ createdBy }).expect(400);
      expect(response.body.error).toMatchObject({ name: 'InputError' });
      expect(response.body.error.message).toContain('createdBy');
    });
  });
});
