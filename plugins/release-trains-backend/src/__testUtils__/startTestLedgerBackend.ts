import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import request from 'supertest';
import { releaseTrainsPlugin } from '../plugin';

export const INGESTION_SECRET = 'test-secret-of-enough-length';

/** A catalog Component, on the default pipeline unless told otherwise. */
export function component(
  name: string,
  annotations: Record<string, string> = {
    'release-trains/pipeline': 'default',
  },
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}

export const testEntities = [
  component('payments'),
  component('cart'),
  component('legacy', {}),
  component('orphan', { 'release-trains/pipeline': 'nightly' }),
];

/**
 * The plugin on a real database of the given engine, with a mock catalog,
 * one signed CI source (`ci`) and the permission decision given.
 */
export async function startTestLedgerBackend(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
  options: {
    permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    entities?: Entity[];
    /** More of `releaseTrains` config, e.g. pipelines. */
    releaseTrains?: Record<string, unknown>;
    /** Another instance's database, to run a second replica on it. */
    knex?: Knex;
  } = {},
): Promise<{ server: TestBackend['server']; knex: Knex }> {
  const knex = options.knex ?? (await databases.init(databaseId));
  const { server } = await startTestBackend({
    features: [
      releaseTrainsPlugin,
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          releaseTrains: {
            ingestion: { sources: { ci: { secret: INGESTION_SECRET } } },
            ...options.releaseTrains,
          },
        },
      }),
      mockServices.permissions.factory({
        result: options.permission ?? AuthorizeResult.ALLOW,
      }),
      catalogServiceMock.factory({
        entities: options.entities ?? testEntities,
      }),
    ],
  });
  return { server, knex };
}

/** Reports CI events as a service would, expecting them to be accepted. */
export async function sendEvents(
  server: TestBackend['server'],
  deliveryId: string,
  events: object[],
) {
  await request(server)
    .post('/api/release-trains/events')
    .set('Authorization', mockCredentials.service.header())
    .set('X-Release-Trains-Delivery', deliveryId)
    .send({ events })
    .expect(200);
}
