import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { releaseTrainsPlugin } from '../plugin';
import { createLedgerTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

function component(name: string, annotations: Record<string, string> = {}) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  } satisfies Entity;
}

const entities = [
  component('payments', { 'release-trains/pipeline': 'default' }),
  component('legacy'),
  component('orphan', { 'release-trains/pipeline': 'nightly' }),
];

const deploymentsUrl = '/api/release-trains/deployments';
const paymentsQuery = { service: 'component:default/payments' };

describe('release-trains router', () => {
  const databases = createLedgerTestDatabases();

  async function startBackend(
    databaseId: TestDatabaseId,
    options: { permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY } = {},
  ) {
    const knex = await databases.init(databaseId);
    const { server } = await startTestBackend({
      features: [
        releaseTrainsPlugin,
        mockServices.database.factory({ knex }),
        mockServices.permissions.factory({
          result: options.permission ?? AuthorizeResult.ALLOW,
        }),
        catalogServiceMock.factory({ entities }),
      ],
    });
    return server;
  }

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('records a deployment and shows it in the list and the pipeline', async () => {
      const server = await startBackend(databaseId);

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
        createdBy: mockCredentials.user().principal.userEntityRef,
        createdAt: expect.any(String),
      });

      const listed = await request(server)
        .get(deploymentsUrl)
        .query(paymentsQuery);
      expect(listed.status).toBe(200);
      expect(listed.body.items).toEqual([created.body]);

      const pipeline = await request(server)
        .get('/api/release-trains/pipeline')
        .query(paymentsQuery);
      expect(pipeline.status).toBe(200);
      expect(pipeline.body).toEqual({
        service: 'component:default/payments',
        pipeline: 'default',
        stages: [
          { stage: 'dev', title: 'Dev' },
          {
            stage: 'staging',
            title: 'Staging',
            current: expect.objectContaining({ version: '1.4.2' }),
          },
          { stage: 'prod', title: 'Prod' },
        ],
      });
    });

    it('records who asked when a service calls on its own behalf', async () => {
      const server = await startBackend(databaseId);
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
      });
    });

    it.each([
      [{ stage: 'dev', version: '1.0.0' }, /service: .*expected string/i],
      [{ service: 'payments', version: '1.0.0' }, /stage: /],
      [{ service: 'payments', stage: 'dev' }, /version: /],
      [
        { service: 'payments', stage: 'qa', version: '1.0.0' },
        /stage: 'qa' is not a stage of pipeline 'default' \(dev, staging, prod\)/,
      ],
      [
        { service: 'payments', stage: 'dev', version: 42 },
        /version: .*expected string/i,
      ],
      [
        { service: 'payments', stage: 'dev', version: 'no spaces allowed' },
        /version: must start with a letter or digit/,
      ],
      [
        { service: 'payments', stage: 'dev', version: '1.0.0', kind: 'yolo' },
        /kind: /,
      ],
      [
        { service: 'payments', stage: 'dev', version: '1.0.0', extra: true },
        /extra/,
      ],
      [
        { service: 'component:default/ghost', stage: 'dev', version: '1.0.0' },
        /service: component:default\/ghost is not in the catalog/,
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
      const server = await startBackend(databaseId);

      const response = await request(server).post(deploymentsUrl).send(body);
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ name: 'InputError' });
      expect(response.body.error.message).toMatch(message);

      for (const service of ['payments', 'legacy', 'orphan', 'ghost']) {
        const listed = await request(server)
          .get(deploymentsUrl)
          .query({ service });
        expect(listed.body.items).toEqual([]);
      }
    });

    it('rejects a body that is not JSON with 400', async () => {
      const server = await startBackend(databaseId);
      const response = await request(server)
        .post(deploymentsUrl)
        .set('Content-Type', 'application/json')
        .send('{"service": ');
      expect(response.status).toBe(400);
    });

    it('answers 403 and stores nothing when the permission is denied', async () => {
      const server = await startBackend(databaseId, {
        permission: AuthorizeResult.DENY,
      });
      const response = await request(server)
        .post(deploymentsUrl)
        .send({ service: 'payments', stage: 'dev', version: '1.0.0' });
      expect(response.status).toBe(403);

      const listed = await request(server)
        .get(deploymentsUrl)
        .query(paymentsQuery);
      expect(listed.body.items).toEqual([]);
    });
  });

  it.each([
    ['GET', '/api/release-trains/pipeline?service=payments'],
    ['GET', `${deploymentsUrl}?service=payments`],
    ['POST', deploymentsUrl],
  ])('answers %s %s without credentials with 401', async (method, url) => {
    const server = await startBackend('SQLITE_3');
    const response = await request(server)
      [method === 'GET' ? 'get' : 'post'](url)
      .set('Authorization', mockCredentials.none.header())
      .send({ service: 'payments', stage: 'dev', version: '1.0.0' });
    expect(response.status).toBe(401);

    const listed = await request(server)
      .get(deploymentsUrl)
      .query(paymentsQuery);
    expect(listed.body.items).toEqual([]);
  });

  it('answers 404 for the pipeline of a service the catalog does not have', async () => {
    const server = await startBackend('SQLITE_3');
    const response = await request(server)
      .get('/api/release-trains/pipeline')
      .query({ service: 'ghost' });
    expect(response.status).toBe(404);
  });

  it('answers 400 when the list limit is out of range', async () => {
    const server = await startBackend('SQLITE_3');
    const response = await request(server)
      .get(deploymentsUrl)
      .query({ service: 'payments', limit: 5000 });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/limit: /);
  });
});
