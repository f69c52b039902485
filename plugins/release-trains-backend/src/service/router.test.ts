import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { ledgerSnapshot } from '../__testUtils__/ledger';
import {
  sendEvents,
  startTestLedgerBackend,
} from '../__testUtils__/startTestLedgerBackend';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const deploymentsUrl = '/api/release-trains/deployments';
const paymentsQuery = { service: 'component:default/payments' };

/** Versions CI built, so that deployments of them may be recorded. */
async function buildVersions(
  server: Parameters<typeof request>[0],
  versions = ['1.0.0', '1.4.2', '2.0.0'],
) {
  await sendEvents(
    server,
    `build-${versions.join('-')}`,
    versions.map((version, i) => ({
      type: 'version.created',
      service: 'payments',
      version,
      commitSha: `${i + 1}`.repeat(40),
      builtAt: `2026-11-0${i + 1}T10:00:00.000Z`,
    })),
  );
}

describe('release-trains router', () => {
  const databases = createLedgerTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('records a deployment and shows it in the history and the pipeline', async () => {
      const { server } = await startTestLedgerBackend(databases, databaseId);
      await buildVersions(server);

      const created = await request(server)
        .post(deploymentsUrl)
        .send({ service: 'payments', stage: 'staging', version: '1.4.2' });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        service: 'component:default/payments',
        stage: 'staging',
        version: '1.4.2',
        kind: 'deploy',
        state: 'succeeded',
        createdBy: mockCredentials.user().principal.userEntityRef,
        createdAt: expect.any(String),
        finishedAt: created.body.createdAt,
      });

      const listed = await request(server)
        .get(deploymentsUrl)
        .query(paymentsQuery);
      expect(listed.status).toBe(200);
      expect(listed.body).toEqual({ items: [created.body] });

      const pipeline = await request(server)
        .get('/api/release-trains/pipeline')
        .query(paymentsQuery);
      expect(pipeline.status).toBe(200);
      expect(pipeline.body).toEqual({
        service: 'component:default/payments',
        pipeline: 'default',
        stages: [
          {
            stage: 'dev',
            title: 'Dev',
            waiting: ['2.0.0', '1.4.2', '1.0.0'].map(version =>
              expect.objectContaining({ version }),
            ),
          },
          {
            stage: 'staging',
            title: 'Staging',
            current: expect.objectContaining({
              version: '1.4.2',
              state: 'succeeded',
              since: created.body.createdAt,
            }),
            waiting: [],
          },
          {
            stage: 'prod',
            title: 'Prod',
            waiting: [expect.objectContaining({ version: '1.4.2' })],
            compliance: { deployments: 0, gated: 0 },
          },
        ],
      });
    });

    it('records who asked when a service calls on its own behalf, and marks a deployment into prod as ungated', async () => {
      const { server } = await startTestLedgerBackend(databases, databaseId);
      await buildVersions(server);
      const created = await request(server)
        .post(deploymentsUrl)
        .set('Authorization', mockCredentials.service.header())
        .send({
          ...paymentsQuery,
          stage: 'prod',
          version: '2.0.0',
          kind: 'promote',
        });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        kind: 'promote',
        createdBy: mockCredentials.service().principal.subject,
        ungated: true,
      });
    });

    it.each([
      [{ stage: 'dev', version: '1.0.0' }, /required property 'service'/],
      [{ service: 'payments', version: '1.0.0' }, /required property 'stage'/],
      [{ service: 'payments', stage: 'dev' }, /required property 'version'/],
      [
        { service: 'payments', stage: 'qa', version: '1.0.0' },
        /stage: 'qa' is not a stage of pipeline 'default' \(dev, staging, prod\)/,
      ],
      [
        { service: 'payments', stage: 'dev', version: 42 },
        /body\/version must be string/,
      ],
      [
        { service: 'payments', stage: 'dev', version: 'no spaces allowed' },
        /body\/version must match pattern/,
      ],
      [
        { service: 'payments', stage: 'dev', version: '1.0.0', kind: 'yolo' },
        /body\/kind must be equal to one of the allowed values/,
      ],
      [
        { service: 'payments', stage: 'dev', version: '1.0.0', extra: true },
        /must NOT have additional properties/,
      ],
      [
        { service: 'legacy', stage: 'dev', version: '1.0.0' },
        /service: component:default\/legacy has no release-trains\/pipeline annotation/,
      ],
      [
        { service: 'orphan', stage: 'dev', version: '1.0.0' },
        /service: .*names pipeline 'nightly', which is not configured/,
      ],
      [
        { service: 'component:default/', stage: 'dev', version: '1.0.0' },
        /service: 'component:default\/' is not a valid entity ref/,
      ],
    ])('rejects %j with 400 and stores nothing', async (body, message) => {
      const { server, knex } = await startTestLedgerBackend(
        databases,
        databaseId,
      );
      await buildVersions(server);
      const before = await ledgerSnapshot(knex);

      const response = await request(server).post(deploymentsUrl).send(body);
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ name: 'InputError' });
      expect(response.body.error.message).toMatch(message);
      expect(await ledgerSnapshot(knex)).toEqual(before);
    });

    it('rejects a body that is not JSON with 400', async () => {
      const { server } = await startTestLedgerBackend(databases, databaseId);
      const response = await request(server)
        .post(deploymentsUrl)
        .set('Content-Type', 'application/json')
        .send('{"service": ');
      expect(response.status).toBe(400);
    });

    it('answers 403 and stores nothing when the permission is denied', async () => {
      const { server, knex } = await startTestLedgerBackend(
        databases,
        databaseId,
        {
          permission: AuthorizeResult.DENY,
        },
      );
      const before = await ledgerSnapshot(knex);
      const response = await request(server)
        .post(deploymentsUrl)
        .send({ service: 'payments', stage: 'dev', version: '1.0.0' });
      expect(response.status).toBe(403);
      expect(await ledgerSnapshot(knex)).toEqual(before);
    });
  });

  it.each([
    ['GET', '/api/release-trains/pipeline?service=payments'],
    ['GET', `${deploymentsUrl}?service=payments`],
    ['POST', deploymentsUrl],
    ['POST', '/api/release-trains/events'],
    ['GET', '/api/release-trains/changes?sha=abcdef1'],
    ['GET', '/api/release-trains/openapi.json'],
  ])('answers %s %s without credentials with 401', async (method, url) => {
    const { server, knex } = await startTestLedgerBackend(
      databases,
      'SQLITE_3',
    );
    const before = await ledgerSnapshot(knex);
    const response = await request(server)
      [method === 'GET' ? 'get' : 'post'](url)
      .set('Authorization', mockCredentials.none.header())
      .set('X-Release-Trains-Delivery', 'd-1')
      .send({ service: 'payments', stage: 'dev', version: '1.0.0' });
    expect(response.status).toBe(401);
    expect(await ledgerSnapshot(knex)).toEqual(before);
  });

  it('takes entity refs unencoded in the query, as people type them', async () => {
    const { server } = await startTestLedgerBackend(databases, 'SQLITE_3');
    const response = await request(server).get(
      '/api/release-trains/pipeline?service=component:default/payments',
    );
    expect(response.status).toBe(200);
    expect(response.body.service).toBe('component:default/payments');
  });

  it('answers 404 for the pipeline of a service the catalog does not have', async () => {
    const { server } = await startTestLedgerBackend(databases, 'SQLITE_3');
    const response = await request(server)
      .get('/api/release-trains/pipeline')
      .query({ service: 'ghost' });
    expect(response.status).toBe(404);
  });

  it.each([
    [{ service: 'payments', limit: 5000 }, /limit must be <= 200/],
    [
      { service: 'payments', state: 'sleeping' },
      /state must be equal to one of the allowed values/,
    ],
    [
      { service: 'payments', from: 'yesterday' },
      /from must match format "date-time"/,
    ],
    [
      { service: 'payments', cursor: 'nope' },
      /cursor: not a cursor this API returned/,
    ],
    [{ stage: 'dev', lastStage: true }, /Give stage or lastStage, not both/],
  ])('answers 400 to the history query %j', async (query, message) => {
    const { server } = await startTestLedgerBackend(databases, 'SQLITE_3');
    const response = await request(server).get(deploymentsUrl).query(query);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(message);
  });
});
