import {
  BackstageUserPrincipal,
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  Permission,
} from '@backstage/plugin-permission-common';
import {
  releaseTrainsApprovePermission,
  releaseTrainsPromotePermission,
} from '@release-trains/plugin-release-trains-common';
import permissionPlugin from '@backstage/plugin-permission-backend';
import request from 'supertest';
import policyModule from '.';

const payments = 'component:default/payments';
const inventory = 'component:default/inventory';

/** A service of the catalog, owned by a team. */
const service = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    annotations: {
      'backstage.io/managed-by-location': 'url:https://example.com/x.yaml',
      'backstage.io/managed-by-origin-location':
        'url:https://example.com/x.yaml',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner },
});

/** Feeds the real catalog two services of two teams. */
const servicesModule = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'test-services',
  register(reg) {
    reg.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addEntityProvider({
          getProviderName: () => 'test-services',
          async connect(connection) {
            await connection.applyMutation({
              type: 'full',
              entities: [
                service('payments', 'team-payments'),
                service('inventory', 'team-fulfilment'),
              ].map(entity => ({ entity, locationKey: 'test-services' })),
            });
          },
        });
      },
    });
  },
});

/** Ownership claims as a catalog sign-in gives them: the user and their team. */
const userInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials) {
      // The permission backend asks about users only.
      const { userEntityRef } = credentials.principal as BackstageUserPrincipal;
      const teams: Record<string, string[]> = {
        'user:default/ana.lima': ['group:default/team-payments'],
      };
      return {
        userEntityRef,
        ownershipEntityRefs: [userEntityRef, ...(teams[userEntityRef] ?? [])],
      };
    },
  }),
});

/**
 * The mock auth service, except that a plugin's request on behalf of a user
 * names the plugin as the actor, as the real auth service does: the catalog
 * applies conditions only for such requests (the mock's own token for them
 * carries the user alone, and the catalog answers 403).
 */
const authFactory = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const auth = mockServices.auth({ pluginId: plugin.getId() });
    const tokenOnBehalfOfService = auth.getPluginRequestToken.bind(auth);
    auth.getPluginRequestToken = async options => {
      if (!auth.isPrincipal(options.onBehalfOf, 'user')) {
        return tokenOnBehalfOfService(options);
      }
      const { userEntityRef } = options.onBehalfOf.principal;
      const actor = { subject: `plugin:${plugin.getId()}` };
      return { token: mockCredentials.user.token(userEntityRef, { actor }) };
    };
    return auth;
  },
});

describe('the policy module in a backend with the permission and catalog plugins', () => {
  // An in-memory SQLite database that is closed after the tests (the default
  // database service leaves SQLite connections open).
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it('lets an owner promote their own service and not another team’s, as the catalog answers', async () => {
    const knex = await databases.init('SQLITE_3');
    const { server } = await startTestBackend({
      features: [
        mockServices.database.factory({ knex }),
        permissionPlugin,
        catalogPlugin,
        policyModule,
        servicesModule,
        userInfoFactory,
        authFactory,
        mockServices.rootConfig.factory({
          data: { permission: { enabled: true } },
        }),
      ],
    });

    // The catalog processes the services (and their ownedBy relations).
    await waitFor(async () => {
      const { body } = await request(server)
        .post('/api/catalog/entities/by-refs')
        .set('Authorization', mockCredentials.service.header())
        .send({ entityRefs: [payments, inventory] })
        .expect(200);
      return (body.items as (Entity | null)[]).every(
        entity => entity?.relations?.length,
      );
    });

    const authorize = async (
      userEntityRef: string,
      items: { permission: Permission; resourceRef: string }[],
    ) => {
      const { body } = await request(server)
        .post('/api/permission/authorize')
        .set('Authorization', mockCredentials.user.header(userEntityRef))
        .send({ items: items.map((item, i) => ({ id: `${i}`, ...item })) })
        .expect(200);
      return (body.items as { result: AuthorizeResult }[]).map(
        item => item.result,
      );
    };

    const promote = releaseTrainsPromotePermission;
    // Ana is in team-payments, which owns payments and not inventory.
    await expect(
      authorize('user:default/ana.lima', [
        { permission: promote, resourceRef: payments },
        { permission: promote, resourceRef: inventory },
      ]),
    ).resolves.toEqual([AuthorizeResult.ALLOW, AuthorizeResult.DENY]);
    // The guest owns neither and, in no team, approves nothing.
    await expect(
      authorize('user:development/guest', [
        { permission: promote, resourceRef: payments },
        { permission: releaseTrainsApprovePermission, resourceRef: payments },
      ]),
    ).resolves.toEqual([AuthorizeResult.DENY, AuthorizeResult.DENY]);
    // A member of a team may approve another team's deployment.
    await expect(
      authorize('user:default/ana.lima', [
        { permission: releaseTrainsApprovePermission, resourceRef: inventory },
      ]),
    ).resolves.toEqual([AuthorizeResult.ALLOW]);
  });
});

/** Polls until `done` answers true, for at most 20 seconds. */
async function waitFor(done: () => Promise<boolean>) {
  const deadline = Date.now() + 20_000;
  while (!(await done())) {
    if (Date.now() > deadline) {
      throw new Error('The catalog did not process the services in time');
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}
