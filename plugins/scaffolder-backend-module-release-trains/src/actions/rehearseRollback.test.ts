import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { JsonObject } from '@backstage/types';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createRehearseRollbackAction } from './rehearseRollback';

const baseUrl = 'http://localhost:0/api/release-trains';
const options = {
  discovery: mockServices.discovery(),
  auth: mockServices.auth(),
};

const rehearsal = (overrides: object = {}) => ({
  id: 'r-1',
  service: 'component:default/payments',
  stage: 'staging',
  version: '1.4.2',
  previousVersion: '1.4.1',
  phase: 'deploy',
  state: 'running',
  requestedBy: 'user:default/ana',
  startedAt: '2026-11-21T10:00:00.000Z',
  phaseStartedAt: '2026-11-21T10:00:00.000Z',
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

/** A context whose task was started by ana. */
const contextFor = (input: JsonObject, more: object = {}): any => ({
  ...createMockActionContext({ input, logger: mockServices.logger.mock() }),
  getInitiatorCredentials: async () => mockCredentials.user('user:default/ana'),
  ...more,
});

describe('release-trains:rehearse-rollback', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const sleep = jest.fn(async (_ms: number, _signal?: AbortSignal) => {});
  const action = createRehearseRollbackAction({ ...options, sleep });
  const input = { service: 'payments', stage: 'staging', version: '' };

  beforeEach(() => sleep.mockReset());

  /** Starts r-1; the list answers the rehearsals in turn, then the last one again. */
  function rehearsalGoesThrough(...states: object[]) {
    let call = 0;
    const queries: { query: string; authorization: string | null }[] = [];
    server.use(
      http.post(`${baseUrl}/rehearsals`, () =>
        HttpResponse.json(rehearsal(), { status: 201 }),
      ),
      http.get(`${baseUrl}/rehearsals`, ({ request }) => {
        queries.push({
          query: new URL(request.url).search,
          authorization: request.headers.get('authorization'),
        });
        return HttpResponse.json({
          items: [
            rehearsal(states[Math.min(call++, states.length - 1)]),
            rehearsal({ id: 'r-0', state: 'failed', reason: 'Older one' }),
          ],
        });
      }),
    );
    return queries;
  }

  it('starts a rehearsal on behalf of the user who started the task and answers it', async () => {
    let received: { body: unknown; authorization: string | null } | undefined;
    const listed = jest.fn();
    server.use(
      http.post(`${baseUrl}/rehearsals`, async ({ request }) => {
        received = {
          body: await request.json(),
          authorization: request.headers.get('authorization'),
        };
        return HttpResponse.json(rehearsal(), { status: 201 });
      }),
      http.get(`${baseUrl}/rehearsals`, () => {
        listed();
        return HttpResponse.json({ items: [] });
      }),
    );
    const ctx = contextFor(input);

    await action.handler(ctx);

    // The blank version is left out: the stage's own.
    expect(received?.body).toEqual({ service: 'payments', stage: 'staging' });
    expect(received?.authorization).toBe(
      'Bearer mock-service-token:{"obo":"user:default/ana","target":"release-trains"}',
    );
    expect(ctx.output).toHaveBeenCalledWith('rehearsalId', 'r-1');
    expect(ctx.output).toHaveBeenCalledWith('version', '1.4.2');
    expect(ctx.output).toHaveBeenCalledWith('previousVersion', '1.4.1');
    expect(ctx.output).toHaveBeenCalledWith('state', 'running');
    expect(ctx.output).not.toHaveBeenCalledWith(
      'rollbackMs',
      expect.anything(),
    );
    // Without wait it does not follow the rehearsal.
    expect(listed).not.toHaveBeenCalled();
    expect(sleep).not.toHaveBeenCalled();
  });

  it('fails with the backend’s reason when it refuses, and does nothing in a dry run', async () => {
    const called = jest.fn();
    server.use(
      http.post(`${baseUrl}/rehearsals`, () => {
        called();
        return refusal(
          409,
          'prod is the last stage of the pipeline: rehearse in a stage before it',
        );
      }),
    );
    const ctx = contextFor({ ...input, stage: 'prod' });

    await expect(action.handler(ctx)).rejects.toThrow(
      'Release Trains refused the rehearsal: prod is the last stage of the pipeline: rehearse in a stage before it',
    );
    expect(ctx.output).not.toHaveBeenCalled();

    called.mockClear();
    await action.handler(contextFor(input, { isDryRun: true }));
    expect(called).not.toHaveBeenCalled();
  });

  it('waits through the phases until it succeeded, and answers the timings', async () => {
    const queries = rehearsalGoesThrough(
      { phase: 'rollback' },
      { phase: 'redeploy', rollbackMs: 12000 },
      {
        phase: 'done',
        state: 'succeeded',
        rollbackMs: 12000,
        redeployMs: 15400,
      },
    );
    const ctx = contextFor({ ...input, wait: true });

    await action.handler(ctx);

    expect(sleep).toHaveBeenCalledTimes(3);
    expect(sleep).toHaveBeenCalledWith(5000, ctx.signal);
    // It looks for the rehearsed version of the service by its full ref;
    // first as the user who started the task, then as itself, whose token
    // outlives a long wait.
    expect(queries).toEqual([
      {
        query: '?service=component%3Adefault%2Fpayments&version=1.4.2',
        authorization:
          'Bearer mock-service-token:{"obo":"user:default/ana","target":"release-trains"}',
      },
      ...[1, 2].map(() => ({
        query: '?service=component%3Adefault%2Fpayments&version=1.4.2',
        authorization:
          'Bearer mock-service-token:{"sub":"plugin:test","target":"release-trains"}',
      })),
    ]);
    expect(ctx.logger.info).toHaveBeenCalledWith(
      'Rollback rehearsal r-1 of component:default/payments 1.4.2 in staging: rollback',
    );
    expect(ctx.output).toHaveBeenCalledWith('state', 'succeeded');
    expect(ctx.output).toHaveBeenCalledWith('rollbackMs', 12000);
    expect(ctx.output).toHaveBeenCalledWith('redeployMs', 15400);
  });

  it('fails the step with the reason when the rehearsal failed', async () => {
    rehearsalGoesThrough(
      { phase: 'rollback' },
      {
        phase: 'rollback',
        state: 'failed',
        reason: 'The rollback to 1.4.1 failed: Health check failed',
      },
    );
    const ctx = contextFor({ ...input, wait: true });

    await expect(action.handler(ctx)).rejects.toThrow(
      'Rollback rehearsal r-1 of component:default/payments 1.4.2 in staging failed: The rollback to 1.4.1 failed: Health check failed',
    );
    expect(ctx.output).toHaveBeenCalledWith('state', 'failed');
  });

  it('gives up after its timeout, leaving the rehearsal running', async () => {
    rehearsalGoesThrough({ phase: 'rollback' });
    const ctx = contextFor({ ...input, wait: true, timeoutMinutes: 1 });

    await expect(action.handler(ctx)).rejects.toThrow(
      'Rollback rehearsal r-1 of component:default/payments 1.4.2 in staging had not finished after 1 minutes (phase rollback); it goes on in the background',
    );
    // One look every 5 seconds for a minute.
    expect(sleep).toHaveBeenCalledTimes(12);
    expect(ctx.output).toHaveBeenCalledWith('state', 'running');
  });

  it('stops waiting when the task is cancelled', async () => {
    const queries = rehearsalGoesThrough({ phase: 'rollback' });
    const controller = new AbortController();
    const ctx = contextFor(
      { ...input, wait: true },
      { signal: controller.signal },
    );
    // Cancelled during the second wait between looks.
    sleep.mockImplementation(async () => {
      if (sleep.mock.calls.length === 2) controller.abort();
    });

    await expect(action.handler(ctx)).rejects.toThrow(
      'Cancelled waiting for Rollback rehearsal r-1 of component:default/payments 1.4.2 in staging; it goes on in the background',
    );
    expect(queries).toHaveLength(1);
  });
});

describe('release-trains:rehearse-rollback without a test sleep', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('stops waiting at once when the task is cancelled between looks', async () => {
    const listed = jest.fn();
    server.use(
      http.post(`${baseUrl}/rehearsals`, () =>
        HttpResponse.json(rehearsal(), { status: 201 }),
      ),
      http.get(`${baseUrl}/rehearsals`, () => {
        listed();
        return HttpResponse.json({ items: [rehearsal()] });
      }),
    );
    const action = createRehearseRollbackAction(options);
    const controller = new AbortController();
    const ctx = contextFor(
      { service: 'payments', stage: 'staging', wait: true },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 20);
    const started = Date.now();

    await expect(action.handler(ctx)).rejects.toThrow(/^Cancelled waiting/);
    // Well before the first look, 5 seconds in.
    expect(Date.now() - started).toBeLessThan(2000);
    expect(listed).not.toHaveBeenCalled();
  });
});
