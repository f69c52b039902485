import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ArgoCdDeployer } from './ArgoCdDeployer';

const apps = 'https://argocd.example.com/api/v1/applications';
const request = {
  deploymentId: 'd-1',
  service: 'component:default/payments',
  stage: 'prod',
  version: '1.4.2',
  kind: 'promote' as const,
  startedAt: '2026-11-22T10:00:00.000Z',
};

const deployer = ArgoCdDeployer.fromConfig(
  new ConfigReader({
    releaseTrains: {
      deployers: {
        argocd: {
          url: 'https://argocd.example.com/',
          token: 'argo-token',
          revision: 'v{version}',
        },
      },
    },
  }),
)!;

/** An Application as Argo CD's API returns it (the fields that matter). */
const application = (status: object) => ({
  metadata: { name: 'payments-prod', namespace: 'argocd' },
  spec: {
    source: {
      repoURL: 'https://github.com/acme/payments-deploy',
      targetRevision: 'HEAD',
    },
  },
  status: {
    sync: { status: 'Synced', revision: 'v1.4.2' },
    history: [
      { id: 11, revision: 'v1.4.0', deployedAt: '2026-11-01T10:00:00Z' },
      { id: 12, revision: 'v1.4.1', deployedAt: '2026-11-10T10:00:00Z' },
    ],
    ...status,
  },
});

const operation = (phase: string, revision = 'v1.4.2', message?: string) => ({
  operationState: {
    phase,
    message,
    operation: { sync: { revision } },
    startedAt: '2026-11-22T10:00:02Z',
  },
});

describe('ArgoCdDeployer', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('syncs the application of the service in the stage to the version’s revision', async () => {
    let received: { body: unknown; authorization: string | null } | undefined;
    server.use(
      http.post(`${apps}/payments-prod/sync`, async ({ request: r }) => {
        received = {
          body: await r.json(),
          authorization: r.headers.get('authorization'),
        };
        return HttpResponse.json(application(operation('Running')));
      }),
    );

    await expect(deployer.start(request)).resolves.toMatchObject({
      state: 'in-progress',
    });
    expect(received).toEqual({
      body: { revision: 'v1.4.2', prune: false, dryRun: false },
      authorization: 'Bearer argo-token',
    });
  });

  it('rolls back to the history entry of the version', async () => {
    let rollback: unknown;
    server.use(
      http.get(`${apps}/payments-prod`, () =>
        HttpResponse.json(application(operation('Succeeded'))),
      ),
      http.post(`${apps}/payments-prod/rollback`, async ({ request: r }) => {
        rollback = await r.json();
        return HttpResponse.json(application(operation('Running', 'v1.4.1')));
      }),
    );

    await deployer.start({ ...request, kind: 'rollback', version: '1.4.1' });
    expect(rollback).toEqual({ id: 12, prune: false });
  });

  it.each([
    [operation('Running'), 'in-progress'],
    [
      { ...operation('Succeeded'), health: { status: 'Progressing' } },
      'in-progress',
    ],
    [{ ...operation('Succeeded'), health: { status: 'Healthy' } }, 'succeeded'],
    [
      {
        ...operation('Succeeded'),
        health: { status: 'Degraded', message: 'CrashLoopBackOff' },
      },
      'failed',
    ],
    [
      operation('Failed', 'v1.4.2', 'one or more objects failed to apply'),
      'failed',
    ],
    [
      { ...operation('Succeeded', 'v1.3.0'), health: { status: 'Healthy' } },
      'in-progress',
    ],
  ])('reads the operation and health (%#)', async (status, state) => {
    server.use(
      http.get(`${apps}/payments-prod`, () =>
        HttpResponse.json(application(status)),
      ),
    );
    await expect(deployer.status(request)).resolves.toMatchObject({ state });
  });

  it('reports why a sync was refused', async () => {
    server.use(
      http.post(`${apps}/payments-prod/sync`, () =>
        HttpResponse.json(
          {
            error: 'another operation is already in progress',
            code: 9,
            message: 'another operation is already in progress',
          },
          { status: 400 },
        ),
      ),
    );
    await expect(deployer.start(request)).rejects.toThrow(/400/);
  });
});
