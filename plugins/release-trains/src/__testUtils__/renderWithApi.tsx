import {
  catalogApiRef,
  defaultEntityPresentation,
  entityPresentationApiRef,
  EntityPresentationApi,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { identityApiRef } from '@backstage/core-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import { ScaffolderTaskStatus } from '@backstage/plugin-scaffolder-common';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  ReleaseTrainsClient,
  StageStatus,
} from '@release-trains/plugin-release-trains-common';
import { http, HttpResponse } from 'msw';
import { ReactElement } from 'react';
import { SWRConfig } from 'swr';
import { releaseTrainsApiRef } from '../api';
import { insightsRouteRef } from '../routes';

/** The service the tests look at. */
export const payments: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments',
    namespace: 'default',
    annotations: { 'release-trains/pipeline': 'default' },
  },
  spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
};

/** Where the tests' backend lives; msw answers for it. */
export const testBaseUrl = 'http://backstage.test/api/release-trains';

const hoursAgo = (hours: number) =>
  new Date(Date.now() - hours * 3_600_000).toISOString();

/** What a stage runs: `version`, promoted by ana three hours ago. */
export const deployed = (
  version: string,
): NonNullable<StageStatus['current']> => ({
  id: `d-${version}`,
  version,
  kind: 'promote',
  state: 'succeeded',
  createdBy: 'user:default/ana.lima',
  createdAt: hoursAgo(3),
  since: hoursAgo(2),
});

/** A promotion of 1.4.2 into prod, in flight while it awaits approval. */
export const awaitingApproval: StageStatus['inFlight'] = {
  id: 'd-prod',
  version: '1.4.2',
  kind: 'promote',
  state: 'awaiting-approval',
  createdAt: '2026-11-21T10:00:00.000Z',
};

/** Answers the approvals of a deployment, recording each decision posted. */
export function recordDecisions(deploymentId: string, decisions: unknown[]) {
  return http.post(
    `${testBaseUrl}/deployments/${deploymentId}/approvals`,
    async ({ request }) => {
      decisions.push(await request.json());
      return HttpResponse.json({});
    },
  );
}

/** A catalog User with a display name, as the org catalog describes people. */
export function catalogUser(name: string, displayName?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { profile: displayName ? { displayName } : {}, memberOf: [] },
  };
}

/** Refs ignore case, as the catalog does. */
const refKey = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * Entity names as the catalog plugin presents them (display name, title,
 * else the ref's name), from the entities the test seeded the catalog with.
 */
function seededPresentation(entities: Entity[]): EntityPresentationApi {
  const byRef = new Map(
    entities.map(entity => [refKey(stringifyEntityRef(entity)), entity]),
  );
  return {
    forEntity(entityOrRef, context) {
      const entity =
        typeof entityOrRef === 'string'
          ? byRef.get(refKey(entityOrRef))
          : entityOrRef;
      const snapshot = defaultEntityPresentation(
        entity ?? entityOrRef,
        context,
      );
      return { snapshot, promise: Promise.resolve(snapshot) };
    },
  };
}

/** A scaffolder whose tasks are recorded and answered by the test. */
export function mockScaffolderApi(
  statuses: ScaffolderTaskStatus[] = ['completed'],
) {
  let polls = 0;
  return {
    scaffold: jest.fn(async () => ({ taskId: 'task-1' })),
    getTask: jest.fn(async () => ({
      id: 'task-1',
      spec: {} as any,
      createdAt: new Date().toISOString(),
      status: statuses[Math.min(polls++, statuses.length - 1)],
    })),
  };
}

/**
 * Renders with the real client against `testBaseUrl`, the catalog routes,
 * a signed-in user (ana by default), the permission decision given, a
 * scaffolder, and a catalog of the entities given, whose names entity links
 * show.
 */
export function renderWithReleaseTrainsApi(
  element: ReactElement,
  options: {
    user?: string;
    /** One decision for every permission, or one per permission asked. */
    permission?:
      | AuthorizeResult.ALLOW
      | AuthorizeResult.DENY
      | ((request: {
          permission: { name: string };
        }) => AuthorizeResult.ALLOW | AuthorizeResult.DENY);
    scaffolderApi?: ReturnType<typeof mockScaffolderApi>;
    /** Live updates, when the test sends signals (see `testSignals`). */
    signalApi?: SignalApi;
    /** The location to open, e.g. with search parameters. */
    routeEntries?: string[];
    /** The catalog's entities (e.g. `catalogUser`s); empty by default. */
    entities?: Entity[];
  } = {},
) {
  const entities = options.entities ?? [];
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [
          releaseTrainsApiRef,
          new ReleaseTrainsClient({
            discoveryApi: { getBaseUrl: async () => testBaseUrl },
          }),
        ],
        [
          identityApiRef,
          mockApis.identity({
            userEntityRef: options.user ?? 'user:default/ana.lima',
          }),
        ],
        [
          permissionApiRef,
          mockApis.permission({
            authorize: options.permission ?? AuthorizeResult.ALLOW,
          }),
        ],
        [scaffolderApiRef, options.scaffolderApi ?? mockScaffolderApi()],
        [catalogApiRef, catalogApiMock({ entities })],
        [entityPresentationApiRef, seededPresentation(entities)],
        ...(options.signalApi
          ? [[signalApiRef, options.signalApi] as const]
          : []),
      ]}
    >
      {/* A fresh cache per render, so that permission decisions do not leak between tests. */}
      <SWRConfig value={{ provider: () => new Map() }}>{element}</SWRConfig>
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        '/release-trains/insights': insightsRouteRef,
      },
      routeEntries: options.routeEntries,
    },
  );
}

/** Signals the test sends on a channel, as the backend would. */
export function testSignals() {
  const listeners = new Map<string, ((message: object) => void)[]>();
  const signalApi: SignalApi = {
    subscribe(channel, onMessage) {
      listeners.set(channel, [
        ...(listeners.get(channel) ?? []),
        onMessage as (message: object) => void,
      ]);
      return { unsubscribe: () => listeners.delete(channel) };
    },
  };
  return {
    signalApi,
    send: (channel: string) =>
      listeners.get(channel)?.forEach(listener => listener({ changed: true })),
  };
}

/** A Backstage error response, as the backend sends it. */
export function errorResponse(status: number, name: string, message: string) {
  return HttpResponse.json(
    { error: { name, message }, response: { statusCode: status } },
    { status },
  );
}
