import {
  AuditorServiceCreateEventOptions,
  BackstageCredentials,
  createServiceFactory,
  SchedulerServiceTaskScheduleDefinition,
  SchedulerServiceTaskInvocationDefinition,
} from '@backstage/backend-plugin-api';
import {
  NotificationService,
  notificationService,
} from '@backstage/plugin-notifications-node';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity, RELATION_MEMBER_OF } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  Permission,
} from '@backstage/plugin-permission-common';
import { signReleaseTrainsRequest } from '@release-trains/plugin-release-trains-node';
import {
  SignalsService,
  signalsServiceRef,
} from '@backstage/plugin-signals-node';
import { Knex } from 'knex';
import request from 'supertest';
import { toServiceRecord } from '../catalog/ServiceDirectory';
import { ServiceStore } from '../ledger/ServiceStore';
import { releaseTrainsPlugin } from '../plugin';
import { responseValidationModule } from './responseValidation';
import { testDeployerModule } from './testDeployer';

export const INGESTION_SECRET = 'test-secret-of-enough-length';

/** The CI source a service token of the test's default subject reports as. */
export const TOKEN_SOURCE = 'ci-token';

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

/** A catalog User and the groups it is a member of, as the catalog relates them. */
export function person(name: string, groups: string[] = []): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { memberOf: groups },
    relations: groups.map(group => ({
      type: RELATION_MEMBER_OF,
      targetRef: `group:default/${group}`,
    })),
  };
}

/**
 * The people of every test catalog: ana of team-a (which owns the test
 * components), ben and chen of the change advisory board `cab`, dana of
 * another team. Guests (`user:development/guest`) are not in it.
 */
export const testPeople = [
  person('ana', ['team-a']),
  person('ben', ['cab']),
  person('chen', ['cab']),
  person('dana', ['team-b']),
];

export const testEntities = [
  component('payments'),
  component('cart'),
  component('legacy', {}),
  component('orphan', { 'release-trains/pipeline': 'nightly' }),
];

/**
 * `releaseTrains` config of dev → staging → prod, carried out by the tests'
 * `demo` deployer in `durationSeconds`; `prod` adds to the last stage (title,
 * gates). Prod needs two approvals, as by default.
 */
export function demoPipeline(
  options: { durationSeconds?: number; prod?: Record<string, unknown> } = {},
) {
  return {
    pipelines: {
      default: {
        deployer: 'demo',
        stages: [
          { name: 'dev' },
          { name: 'staging' },
          { name: 'prod', ...options.prod },
        ],
      },
    },
    deployers: { demo: { durationSeconds: options.durationSeconds ?? 0 } },
  };
}

/** A request to the permission framework, as the policy of a test sees it. */
export type TestPolicy = (
  request: { permission: Permission; resourceRef?: string },
  credentials: BackstageCredentials,
) => AuthorizeResult.ALLOW | AuthorizeResult.DENY;

/** Allows reading every catalog entity, and gives `result` for the rest. */
export const releaseTrainsPermissionsAre =
  (result: AuthorizeResult.ALLOW | AuthorizeResult.DENY): TestPolicy =>
  ({ permission }) =>
    permission.name.startsWith('release-trains.')
      ? result
      : AuthorizeResult.ALLOW;

function permissionsFactory(policy: TestPolicy) {
  return mockServices.permissions.mock({
    authorize: async (requests, options) =>
      requests.map(r => ({
        result: policy(
          r as { permission: Permission; resourceRef?: string },
          options.credentials,
        ),
      })),
    authorizeConditional: async (requests, options) =>
      requests.map(r => ({
        result: policy(
          r as { permission: Permission; resourceRef?: string },
          options.credentials,
        ),
      })) as any,
  }).factory;
}

/**
 * The plugin on a real database of the given engine, with a mock catalog
 * (the entities given, and the test people), a signed CI source (`ci`) and
 * a token one (`ci-token`, the default service subject of the test
 * credentials), both reporting for every service unless the config says
 * otherwise, and a permission policy: the `permission` decision for the
 * plugin's permissions, or a whole `policy`.
 */
export async function startTestLedgerBackend(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
  options: {
    permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    policy?: TestPolicy;
    entities?: Entity[];
    /** More of `releaseTrains` config, e.g. pipelines. */
    releaseTrains?: Record<string, unknown>;
    /** Another instance's database, to run a second replica on it. */
    knex?: Knex;
    /** Receives the signals the plugin publishes. */
    signals?: SignalsService;
    /** Receives the notifications the plugin sends. */
    notifications?: NotificationService;
    /** Receives every audit event the plugin creates, as created. */
    auditEvents?: AuditorServiceCreateEventOptions[];
    /** Receives the tasks the plugin schedules, which then never run by themselves. */
    scheduledTasks?: (SchedulerServiceTaskScheduleDefinition &
      SchedulerServiceTaskInvocationDefinition)[];
  } = {},
): Promise<{ server: TestBackend['server']; knex: Knex }> {
  const knex = options.knex ?? (await databases.init(databaseId));
  const { server } = await startTestBackend({
    features: [
      releaseTrainsPlugin,
      responseValidationModule,
      testDeployerModule,
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          releaseTrains: {
            ingestion: {
              sources: {
                ci: { secret: INGESTION_SECRET, allServices: true },
                [TOKEN_SOURCE]: {
                  subject: mockCredentials.service().principal.subject,
                  allServices: true,
                },
              },
            },
            ...options.releaseTrains,
          },
        },
      }),
      permissionsFactory(
        options.policy ??
          releaseTrainsPermissionsAre(
            options.permission ?? AuthorizeResult.ALLOW,
          ),
      ),
      catalogServiceMock.factory({
        entities: [...(options.entities ?? testEntities), ...testPeople],
      }),
      ...(options.signals
        ? [
            createServiceFactory({
              service: signalsServiceRef,
              deps: {},
              factory: () => options.signals!,
            }),
          ]
        : []),
      ...(options.notifications
        ? [
            createServiceFactory({
              service: notificationService,
              deps: {},
              factory: () => options.notifications!,
            }),
          ]
        : []),
      ...(options.auditEvents
        ? [
            mockServices.auditor.mock({
              createEvent: async event => {
                options.auditEvents!.push(event);
                return { success: async () => {}, fail: async () => {} };
              },
            }).factory,
          ]
        : []),
      ...(options.scheduledTasks
        ? [
            mockServices.scheduler.mock({
              scheduleTask: async task => {
                options.scheduledTasks!.push(task);
              },
            }).factory,
          ]
        : []),
    ],
  });
  // As after the catalog sync task ran: the services table mirrors the catalog.
  await new ServiceStore(knex).replaceAll(
    (options.entities ?? testEntities).flatMap(
      entity => toServiceRecord(entity) ?? [],
    ),
  );
  return { server, knex };
}

/** A POST /events signed by a CI source, as CI would send it. */
export function signedEvents(
  server: TestBackend['server'],
  body: unknown,
  options: {
    deliveryId: string;
    source?: string;
    secret?: string;
    /** The raw body to send, when not the JSON of `body`. */
    rawBody?: string;
    /** The body the signature covers, when not the one sent. */
    signedBody?: string;
    /** The clock of the signer. */
    signedAt?: Date;
    /** The delivery id the signature covers, when not `deliveryId`. */
    signedDeliveryId?: string;
    /** Where to send it, when not /events (e.g. a deployment's health). */
    path?: string;
  },
) {
  const raw = options.rawBody ?? JSON.stringify(body);
  return request(server)
    .post(`/api/release-trains${options.path ?? '/events'}`)
    .set('Authorization', mockCredentials.none.header())
    .set('Content-Type', 'application/json')
    .set('X-Release-Trains-Delivery', options.deliveryId)
    .set('X-Release-Trains-Source', options.source ?? 'ci')
    .set(
      'X-Release-Trains-Signature',
      signReleaseTrainsRequest({
        body: options.signedBody ?? raw,
        deliveryId: options.signedDeliveryId ?? options.deliveryId,
        secret: options.secret ?? INGESTION_SECRET,
        now: options.signedAt,
      }),
    )
    .send(raw);
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
