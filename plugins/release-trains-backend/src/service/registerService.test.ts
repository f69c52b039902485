import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { ledgerSnapshot } from '../__testUtils__/ledger';
import { startTestLedgerBackend } from '../__testUtils__/startTestLedgerBackend';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const releaseTrains = {
  trains: {
    express: { schedule: { cron: '0 10 * * 1-5', timeZone: 'UTC' } },
  },
};

describe('POST /services', () => {
  const databases = createLedgerTestDatabases();

  it.each(databases.eachSupportedId())(
    'registers a new service on its pipeline and train before the catalog knows it (%p)',
    async databaseId => {
      const { server } = await startTestLedgerBackend(databases, databaseId, {
        releaseTrains,
      });
      const registered = await request(server)
        .post('/api/release-trains/services')
        .set('Authorization', mockCredentials.user.header())
        .send({ service: 'billing', pipeline: 'default', train: 'express' });
      expect(registered.status).toBe(201);
      expect(registered.body).toEqual({
        service: 'component:default/billing',
        pipeline: 'default',
        train: 'express',
        releaseTabUrl: '/catalog/default/component/billing/release',
      });

      // Its pipeline view answers at once, and it is on its train.
      const pipeline = await request(server)
        .get('/api/release-trains/pipeline')
        .query({ service: 'billing' });
      expect(pipeline.status).toBe(200);
      const pipelines = await request(server).get(
        '/api/release-trains/pipelines',
      );
      expect(pipelines.body.items).toEqual([
        {
          name: 'default',
          stages: [
            { name: 'dev', title: 'Dev' },
            { name: 'staging', title: 'Staging' },
            { name: 'prod', title: 'Prod' },
          ],
        },
      ]);
      const trains = await request(server).get('/api/release-trains/trains');
      expect(trains.body.items[0].services).toEqual([
        'component:default/billing',
      ]);
    },
  );

  it.each([
    [
      { service: 'billing', pipeline: 'nightly' },
      /pipeline: 'nightly' is not configured \(known: default\)/,
    ],
    [
      { service: 'billing', pipeline: 'default', train: 'slow' },
      /train: 'slow' is not configured \(known: express\)/,
    ],
    [
      { service: 'Not A Ref!', pipeline: 'default' },
      /is not a valid entity ref/,
    ],
    [{ service: 'billing' }, /required property 'pipeline'/],
  ])('refuses %j and registers nothing', async (body, message) => {
    const { server, knex } = await startTestLedgerBackend(
      databases,
      'SQLITE_3',
      { releaseTrains },
    );
    const before = await ledgerSnapshot(knex);
    const refused = await request(server)
      .post('/api/release-trains/services')
      .set('Authorization', mockCredentials.user.header())
      .send(body);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(message);
    expect(await ledgerSnapshot(knex)).toEqual(before);
  });

  it('refuses (403) whoever the policy does not allow', async () => {
    const { server, knex } = await startTestLedgerBackend(
      databases,
      'SQLITE_3',
      { releaseTrains, permission: AuthorizeResult.DENY },
    );
    const before = await ledgerSnapshot(knex);
    const denied = await request(server)
      .post('/api/release-trains/services')
      .set('Authorization', mockCredentials.user.header())
      .send({ service: 'billing', pipeline: 'default' });
    expect(denied.status).toBe(403);
    expect(await ledgerSnapshot(knex)).toEqual(before);
  });
});
