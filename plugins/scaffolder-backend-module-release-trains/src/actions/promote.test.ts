import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { JsonObject } from '@backstage/types';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createPromoteAction } from './promote';
import { createRollbackAction } from './rollback';
import { createWaitForDeploymentAction } from './waitForDeployment';

const baseUrl = 'http://localhost:0/api/release-trains';
const options = {
  discovery: mockServices.discovery(),
  auth: mockServices.auth(),
};

const deployment = (overrides: object = {}) => ({
  id: 'd-1',
  service: 'component:default/payments',
  stage: 'prod',
  version: '1.4.2',
  kind: 'promote',
  state: 'awaiting-approval',
  createdBy: 'user:default/ana',
  createdAt: '2026-11-21T10:00:00.000Z',
  approvals: [],
  approvalsRequired: 2,
  ...overrides,
});

const refusal = (status: number, message: string) =>
  HttpResponse.json(
    {
      error: { name: 'ConflictError', message },
      response: { statusCode: status },
    },
    { status },
  );

/** A context whose task was started by ana; typed loosely to fit every action. */
const contextFor = (input: JsonObject, more: object = {}): any => ({
  ...createMockActionContext({ input, logger: mockServices.logger.mock() }),
  getInitiatorCredentials: async () => mockCredentials.user('user:default/ana'),
  ...more,
});

describe('release-trains:promote', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const action = createPromoteAction(options);
  const input = {
    entityRef: 'component:default/payments',
    version: '1.4.2',
    stage: '', // left blank in the form
    reason: 'Fixes checkout',
  };

  it('asks for the promotion on behalf of the user who started the task', async () => {
    let received: { body: unknown; authorization: string | null } | undefined;
    server.use(
      http.post(`${baseUrl}/promotions`, async ({ request }) => {
        received = {
          body: await request.json(),
          authorization: request.headers.get('authorization'),
        };
        return HttpResponse.json(deployment(), { status: 201 });
      }),
    );
    const ctx = contextFor(input);

    await action.handler(ctx);

    expect(received?.body).toEqual({
      service: 'component:default/payments',
      version: '1.4.2',
      reason: 'Fixes checkout',
    });
    // A token for the initiating user, so the backend checks their permissions.
    expect(received?.authorization).toBe(
      'Bearer mock-service-token:{"obo":"user:default/ana","target":"release-trains"}',
    );
    expect(ctx.output).toHaveBeenCalledWith('deploymentId', 'd-1');
    expect(ctx.output).toHaveBeenCalledWith('stage', 'prod');
    expect(ctx.output).toHaveBeenCalledWith('state', 'awaiting-approval');
  });

  it('fails with the backend’s reason when a gate blocks', async () => {
    server.use(
      http.post(`${baseUrl}/promotions`, () =>
        refusal(
          409,
          'Cannot promote 1.4.2 into prod: prod is frozen: Year end',
        ),
      ),
    );
    const ctx = contextFor(input);

    await expect(action.handler(ctx)).rejects.toThrow(
      'Release Trains refused the promotion: Cannot promote 1.4.2 into prod: prod is frozen: Year end',
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('only checks the gates in a dry run', async () => {
    const promoted = jest.fn();
    server.use(
      http.post(`${baseUrl}/promotions`, () => {
        promoted();
        return HttpResponse.json(deployment(), { status: 201 });
      }),
      http.get(`${baseUrl}/promotions/check`, ({ request }) =>
        HttpResponse.json({
          service: new URL(request.url).searchParams.get('service'),
          version: '1.4.2',
          stage: 'staging',
          allowed: true,
          gates: [{ gate: 'soak', passed: true, reason: 'No soak time' }],
        }),
      ),
    );
    const ctx = contextFor(input, { isDryRun: true });

    await action.handler(ctx);

    expect(promoted).not.toHaveBeenCalled();
    expect(ctx.output).toHaveBeenCalledWith('stage', 'staging');
    expect(ctx.output).not.toHaveBeenCalledWith(
      'deploymentId',
      expect.anything(),
    );
  });
});

describe('release-trains:rollback', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const action = createRollbackAction(options);
  const input = {
    entityRef: 'component:default/payments',
    stage: 'prod',
    reason: 'Error rate up',
  };

  it('rolls the stage back and answers the version it returned to', async () => {
    let body: unknown;
    server.use(
      http.post(`${baseUrl}/rollbacks`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(
          deployment({
            kind: 'rollback',
            version: '1.4.1',
            state: 'in-progress',
          }),
          { status: 201 },
        );
      }),
    );
    const ctx = contextFor(input);

    await action.handler(ctx);

    expect(body).toEqual({
      service: 'component:default/payments',
      stage: 'prod',
      reason: 'Error rate up',
    });
    expect(ctx.output).toHaveBeenCalledWith('version', '1.4.1');
    expect(ctx.output).toHaveBeenCalledWith('state', 'in-progress');
  });

  it('fails with the backend’s reason, and does nothing in a dry run', async () => {
    const called = jest.fn();
    server.use(
      http.post(`${baseUrl}/rollbacks`, () => {
        called();
        return refusal(409, 'prod never ran another version to roll back to');
      }),
    );
    await expect(action.handler(contextFor(input))).rejects.toThrow(
      /never ran another version to roll back to/,
    );
    called.mockClear();
    await action.handler(contextFor(input, { isDryRun: true }));
    expect(called).not.toHaveBeenCalled();
  });
});

describe('release-trains:wait-for-deployment', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const sleep = jest.fn(async () => {});
  const action = createWaitForDeploymentAction({ ...options, sleep });

  /** Answers the states in turn, then the last one again. */
  function deploymentGoesThrough(...states: object[]) {
    let call = 0;
    server.use(
      http.get(`${baseUrl}/deployments/d-1`, () =>
        HttpResponse.json(
          deployment(states[Math.min(call++, states.length - 1)]),
        ),
      ),
    );
  }

  it('waits through approval and roll-out until it succeeds', async () => {
    deploymentGoesThrough(
      { state: 'awaiting-approval' },
      {
        state: 'awaiting-approval',
        approvals: [{ approver: 'user:default/ben', decision: 'approve' }],
      },
      { state: 'in-progress' },
      { state: 'succeeded' },
    );
    const ctx = contextFor({ deploymentId: 'd-1', pollSeconds: 2 });

    await action.handler(ctx);

    expect(sleep).toHaveBeenCalledWith(2000);
    expect(ctx.output).toHaveBeenCalledWith('state', 'succeeded');
    expect(ctx.logger.info).toHaveBeenCalledWith(
      'component:default/payments 1.4.2 → prod: awaiting approval (1 of 2)',
    );
  });

  it('looks as the user who started the task first, then as itself, whose token outlives a long wait', async () => {
    const authorizations: (string | null)[] = [];
    let call = 0;
    server.use(
      http.get(`${baseUrl}/deployments/d-1`, ({ request }) => {
        authorizations.push(request.headers.get('authorization'));
        return HttpResponse.json(
          deployment({ state: call++ < 2 ? 'in-progress' : 'succeeded' }),
        );
      }),
    );

    await action.handler(contextFor({ deploymentId: 'd-1' }));

    expect(authorizations).toEqual([
      'Bearer mock-service-token:{"obo":"user:default/ana","target":"release-trains"}',
      'Bearer mock-service-token:{"sub":"plugin:test","target":"release-trains"}',
      'Bearer mock-service-token:{"sub":"plugin:test","target":"release-trains"}',
    ]);
  });

  it('fails the task when the deployment fails, with its reason', async () => {
    deploymentGoesThrough({ state: 'failed', reason: 'Health check failed' });
    await expect(
      action.handler(contextFor({ deploymentId: 'd-1' })),
    ).rejects.toThrow('Deployment d-1 failed: Health check failed');
  });

  it('gives up after its timeout', async () => {
    deploymentGoesThrough({ state: 'in-progress' });
    await expect(
      action.handler(
        contextFor({ deploymentId: 'd-1', timeoutMinutes: 1, pollSeconds: 30 }),
      ),
    ).rejects.toThrow('Deployment d-1 had not finished after 1 minutes');
  });
});
