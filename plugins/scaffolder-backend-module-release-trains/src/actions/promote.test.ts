import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createPromoteAction } from './promote';

const deploymentsUrl = 'http://localhost:0/api/release-trains/deployments';

describe('release-trains:promote', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const action = createPromoteAction({
    discovery: mockServices.discovery(),
    auth: mockServices.auth(),
  });
  const input = {
    entityRef: 'component:default/payments',
    stage: 'prod',
    version: '1.4.2',
  };

  it('records a promotion on behalf of the user who started the task', async () => {
    let received: { body: unknown; authorization: string | null } | undefined;
    server.use(
      http.post(deploymentsUrl, async ({ request }) => {
        received = {
          body: await request.json(),
          authorization: request.headers.get('authorization'),
        };
        return HttpResponse.json(
          {
            id: 'd-1',
            service: 'component:default/payments',
            stage: 'prod',
            version: '1.4.2',
            kind: 'promote',
            createdBy: 'user:default/mock',
            createdAt: '2026-11-21T10:00:00.000Z',
          },
          { status: 201 },
        );
      }),
    );
    const ctx = {
      ...createMockActionContext({ input }),
      getInitiatorCredentials: async () =>
        mockCredentials.user('user:default/ana'),
    };

    await action.handler(ctx);

    expect(received?.body).toEqual({
      service: 'component:default/payments',
      stage: 'prod',
      version: '1.4.2',
      kind: 'promote',
    });
    // A token for the initiating user, so the backend checks their permissions.
    expect(received?.authorization).toBe(
      'Bearer mock-service-token:{"obo":"user:default/ana","target":"release-trains"}',
    );
    expect(ctx.output).toHaveBeenCalledWith('deploymentId', 'd-1');
  });

  it('fails with the backend’s message when the promotion is refused', async () => {
    server.use(
      http.post(deploymentsUrl, () =>
        HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message: "stage: 'qa' is not a stage of pipeline 'default'",
            },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );
    const ctx = createMockActionContext({ input: { ...input, stage: 'qa' } });

    await expect(action.handler(ctx)).rejects.toThrow(
      /stage: 'qa' is not a stage of pipeline 'default'/,
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('records nothing in a dry run', async () => {
    const recorded = jest.fn();
    server.use(
      http.post(deploymentsUrl, () => {
        recorded();
        return HttpResponse.json({}, { status: 201 });
      }),
    );
    const ctx = {
      ...createMockActionContext({ input }),
      isDryRun: true,
    };

    await action.handler(ctx);

    expect(recorded).not.toHaveBeenCalled();
    expect(ctx.output).not.toHaveBeenCalled();
  });
});
