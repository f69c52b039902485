import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createRegisterServiceAction } from './registerService';

const baseUrl = 'http://localhost:0/api/release-trains';

const contextFor = (input: Record<string, string>, isDryRun = false): any => ({
  ...createMockActionContext({ input, logger: mockServices.logger.mock() }),
  getInitiatorCredentials: async () => mockCredentials.user('user:default/ana'),
  isDryRun,
});

describe('release-trains:register-service', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const action = createRegisterServiceAction({
    discovery: mockServices.discovery(),
    auth: mockServices.auth(),
  });
  const input = {
    entityRef: 'component:default/billing',
    pipeline: 'default',
    train: 'express',
  };

  it('registers the service and answers its Release tab', async () => {
    let body: unknown;
    server.use(
      http.post(`${baseUrl}/services`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(
          {
            service: 'component:default/billing',
            pipeline: 'default',
            train: 'express',
            releaseTabUrl:
              'http://localhost:3000/catalog/default/component/billing/release',
          },
          { status: 201 },
        );
      }),
    );
    const ctx = contextFor(input);
    await action.handler(ctx);
    expect(body).toEqual({
      service: 'component:default/billing',
      pipeline: 'default',
      train: 'express',
    });
    expect(ctx.output).toHaveBeenCalledWith(
      'releaseTabUrl',
      'http://localhost:3000/catalog/default/component/billing/release',
    );
  });

  it('fails with the backend’s reason, registering nothing', async () => {
    server.use(
      http.post(`${baseUrl}/services`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message: "train: 'slow' is not configured (known: express)",
            },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );
    const ctx = contextFor({ ...input, train: 'slow' });
    await expect(action.handler(ctx)).rejects.toThrow(
      "Release Trains refused the registration: train: 'slow' is not configured (known: express)",
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  describe('in a dry run', () => {
    const registered = jest.fn();
    beforeEach(() => {
      registered.mockClear();
      server.use(
        http.get(`${baseUrl}/pipelines`, () =>
          HttpResponse.json({ items: [{ name: 'default', stages: [] }] }),
        ),
        http.get(`${baseUrl}/trains`, () =>
          HttpResponse.json({ items: [{ name: 'express' }] }),
        ),
        http.post(`${baseUrl}/services`, () => {
          registered();
          return HttpResponse.json({}, { status: 201 });
        }),
      );
    });

    it('checks the pipeline and train and registers nothing', async () => {
      await action.handler(contextFor(input, true));
      expect(registered).not.toHaveBeenCalled();
    });

    it.each([
      [
        { entityRef: 'component:default/-billing!' },
        "'-billing!' is not a valid service name",
      ],
      [
        { pipeline: 'nightly' },
        "Release Trains has no pipeline 'nightly' (known: default)",
      ],
      [
        { train: 'slow' },
        "Release Trains has no train 'slow' (known: express)",
      ],
    ])('refuses %j', async (change, message) => {
      await expect(
        action.handler(contextFor({ ...input, ...change }, true)),
      ).rejects.toThrow(message);
      expect(registered).not.toHaveBeenCalled();
    });
  });
});
