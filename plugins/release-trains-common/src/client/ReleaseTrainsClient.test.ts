import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ReleaseTrainsClient } from './ReleaseTrainsClient';

const baseUrl = 'http://backstage.test/api/release-trains';

describe('ReleaseTrainsClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new ReleaseTrainsClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
  });

  it('asks for a service’s pipeline with the given token', async () => {
    server.use(
      http.get(`${baseUrl}/pipeline`, ({ request }) => {
        const url = new URL(request.url);
        return HttpResponse.json({
          service: url.searchParams.get('service'),
          pipeline: 'default',
          stages: [],
          authorization: request.headers.get('authorization'),
        });
      }),
    );

    const view = await client.getPipeline('component:default/payments', {
      token: 'abc',
    });

    expect(view).toMatchObject({
      service: 'component:default/payments',
      authorization: 'Bearer abc',
    });
  });

  it('posts promotions, rollbacks and approval decisions as JSON', async () => {
    const received: { path: string; body: unknown }[] = [];
    server.use(
      http.post(`${baseUrl}/*`, async ({ request }) => {
        received.push({
          path: new URL(request.url).pathname.replace(
            '/api/release-trains',
            '',
          ),
          body: await request.json(),
        });
        return HttpResponse.json({ id: 'd1' }, { status: 201 });
      }),
    );

    await client.promote({ service: 'payments', version: '1.2.0' });
    await client.rollback({ service: 'payments', stage: 'prod', reason: 'x' });
    await client.decideApproval('d/1', { decision: 'approve' });

    expect(received).toEqual([
      { path: '/promotions', body: { service: 'payments', version: '1.2.0' } },
      {
        path: '/rollbacks',
        body: { service: 'payments', stage: 'prod', reason: 'x' },
      },
      { path: '/deployments/d%2F1/approvals', body: { decision: 'approve' } },
    ]);
  });

  it('cancels a request awaiting approval with a bodiless POST', async () => {
    let received: { path: string; body: string } | undefined;
    server.use(
      http.post(`${baseUrl}/deployments/:id/cancel`, async ({ request }) => {
        received = {
          path: new URL(request.url).pathname,
          body: await request.text(),
        };
        return HttpResponse.json({ id: 'd/1', state: 'cancelled' });
      }),
    );

    expect(await client.cancelDeployment('d/1')).toMatchObject({
      state: 'cancelled',
    });
    expect(received).toEqual({
      path: '/api/release-trains/deployments/d%2F1/cancel',
      body: '',
    });
  });

  it('throws a ResponseError carrying the backend’s error', async () => {
    server.use(
      http.get(`${baseUrl}/deployments`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotFoundError', message: 'No service x' },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );

    await expect(
      client.listDeployments({ service: 'x' }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 404,
      cause: { name: 'NotFoundError', message: 'No service x' },
    });
  });

  it('asks for the graph with its filters, and sets and removes requirements', async () => {
    const received: string[] = [];
    server.use(
      http.get(`${baseUrl}/graph`, ({ request }) => {
        received.push(`GET ${new URL(request.url).search}`);
        return HttpResponse.json({ stage: 'prod', nodes: [], edges: [] });
      }),
      http.put(`${baseUrl}/requirements`, async ({ request }) => {
        received.push(`PUT ${JSON.stringify(await request.json())}`);
        return HttpResponse.json({ changed: true });
      }),
      http.delete(`${baseUrl}/requirements`, ({ request }) => {
        received.push(`DELETE ${new URL(request.url).search}`);
        return new HttpResponse(null, { status: 204 });
      }),
    );

    await client.getDependencyGraph({
      stage: 'prod',
      service: 'component:default/cart',
      depth: 2,
      violations: true,
    });
    const set = await client.setRequirement({
      service: 'cart',
      dependency: 'payments',
      range: '^2',
    });
    await expect(
      client.removeRequirement({ service: 'cart', dependency: 'payments' }),
    ).resolves.toBeUndefined();

    expect(set).toEqual({ changed: true });
    expect(received).toEqual([
      'GET ?stage=prod&service=component%3Adefault%2Fcart&depth=2&violations=true',
      'PUT {"service":"cart","dependency":"payments","range":"^2"}',
      'DELETE ?service=cart&dependency=payments',
    ]);
  });
});
