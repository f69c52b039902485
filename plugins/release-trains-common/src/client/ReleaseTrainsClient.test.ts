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

  it('lists deployments by who asked for them, the ref in the query', async () => {
    let query: Record<string, string> = {};
    server.use(
      http.get(`${baseUrl}/deployments`, ({ request }) => {
        query = Object.fromEntries(new URL(request.url).searchParams);
        return HttpResponse.json({ items: [] });
      }),
    );

    await client.listDeployments({
      service: 'payments',
      createdBy: 'user:default/dana.kowalski',
      limit: 20,
    });

    expect(query).toEqual({
      service: 'payments',
      createdBy: 'user:default/dana.kowalski',
      limit: '20',
    });
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

  it('reads a roll-out, and resumes and aborts it with JSON bodies', async () => {
    const received: { method: string; path: string; body?: unknown }[] = [];
    const rollout = { deploymentId: 'd/1', phase: 'paused' };
    server.use(
      http.get(`${baseUrl}/deployments/:id/rollout`, ({ request }) => {
        received.push({
          method: 'GET',
          path: new URL(request.url).pathname,
          body: request.headers.get('authorization'),
        });
        return HttpResponse.json(rollout);
      }),
      http.post(
        `${baseUrl}/deployments/:id/rollout/:action`,
        async ({ request }) => {
          received.push({
            method: 'POST',
            path: new URL(request.url).pathname,
            body: await request.json(),
          });
          return HttpResponse.json(rollout);
        },
      ),
    );

    expect(await client.getRollout('d/1', { token: 'abc' })).toEqual(rollout);
    await client.resumeRollout('d/1', {});
    await client.abortRollout('d/1', { reason: 'Checkout errors' });

    expect(received).toEqual([
      {
        method: 'GET',
        path: '/api/release-trains/deployments/d%2F1/rollout',
        body: 'Bearer abc',
      },
      {
        method: 'POST',
        path: '/api/release-trains/deployments/d%2F1/rollout/resume',
        body: {},
      },
      {
        method: 'POST',
        path: '/api/release-trains/deployments/d%2F1/rollout/abort',
        body: { reason: 'Checkout errors' },
      },
    ]);
  });

  it('throws a ResponseError with the status when a roll-out is missing or not paused', async () => {
    server.use(
      http.get(`${baseUrl}/deployments/d1/rollout`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotFoundError', message: 'No roll-out' },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
      http.post(`${baseUrl}/deployments/d1/rollout/resume`, () =>
        HttpResponse.json(
          {
            error: { name: 'ConflictError', message: 'Not paused' },
            response: { statusCode: 409 },
          },
          { status: 409 },
        ),
      ),
    );

    await expect(client.getRollout('d1')).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 404,
    });
    await expect(
      client.resumeRollout('d1', { reason: 'checked' }),
    ).rejects.toMatchObject({
      statusCode: 409,
      cause: { name: 'ConflictError', message: 'Not paused' },
    });
  });

  it('lists rehearsals with a query and starts one with a JSON body', async () => {
    const received: { method: string; path: string; body: unknown }[] = [];
    const rehearsal = {
      id: 'r1',
      service: 'component:default/payments',
      stage: 'staging',
      version: '1.4.0',
      previousVersion: '1.3.2',
      phase: 'deploy',
      state: 'running',
      requestedBy: 'user:default/alice',
      startedAt: '2024-05-01T10:00:00.000Z',
      phaseStartedAt: '2024-05-01T10:00:00.000Z',
    };
    server.use(
      http.get(`${baseUrl}/rehearsals`, ({ request }) => {
        const url = new URL(request.url);
        received.push({
          method: 'GET',
          path: `${url.pathname}${url.search}`,
          body: request.headers.get('authorization'),
        });
        return HttpResponse.json({ items: [rehearsal] });
      }),
      http.post(`${baseUrl}/rehearsals`, async ({ request }) => {
        received.push({
          method: 'POST',
          path: new URL(request.url).pathname,
          body: await request.json(),
        });
        return HttpResponse.json(rehearsal, { status: 201 });
      }),
    );

    expect(
      await client.listRehearsals(
        { service: 'component:default/payments', version: '1.4.0', limit: 5 },
        { token: 'abc' },
      ),
    ).toEqual({ items: [rehearsal] });
    expect(
      await client.rehearseRollback({
        service: 'component:default/payments',
        stage: 'staging',
      }),
    ).toEqual(rehearsal);

    expect(received).toEqual([
      {
        method: 'GET',
        path: '/api/release-trains/rehearsals?service=component%3Adefault%2Fpayments&version=1.4.0&limit=5',
        body: 'Bearer abc',
      },
      {
        method: 'POST',
        path: '/api/release-trains/rehearsals',
        body: { service: 'component:default/payments', stage: 'staging' },
      },
    ]);
  });

  it('throws a ResponseError with the message when a rehearsal is refused', async () => {
    server.use(
      http.post(`${baseUrl}/rehearsals`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ConflictError',
              message: 'A rehearsal already runs in staging',
            },
            response: { statusCode: 409 },
          },
          { status: 409 },
        ),
      ),
    );

    await expect(
      client.rehearseRollback({ service: 'payments', stage: 'staging' }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 409,
      cause: {
        name: 'ConflictError',
        message: 'A rehearsal already runs in staging',
      },
    });
  });

  it('previews a departure and reads a train calendar as text', async () => {
    const preview = {
      train: 'express',
      departsAt: '2026-11-23T10:00:00.000Z',
      cutoffAt: '2026-11-23T09:30:00.000Z',
      items: [
        {
          service: 'component:default/payments',
          state: 'boarded',
          changeCount: 2,
        },
      ],
    };
    const asked: string[] = [];
    server.use(
      http.get(`${baseUrl}/trains/:name/preview`, ({ request }) => {
        asked.push(new URL(request.url).pathname);
        return HttpResponse.json(preview);
      }),
      http.get(`${baseUrl}/trains/:name/calendar.ics`, ({ request }) => {
        asked.push(new URL(request.url).pathname + new URL(request.url).search);
        return new HttpResponse('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n', {
          headers: { 'Content-Type': 'text/calendar; charset=utf-8' },
        });
      }),
    );

    expect(await client.previewDeparture('express')).toEqual(preview);
    expect(await client.getTrainCalendar('express', { weeks: 4 })).toBe(
      'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n',
    );
    expect(asked).toEqual([
      '/api/release-trains/trains/express/preview',
      '/api/release-trains/trains/express/calendar.ics?weeks=4',
    ]);
  });

  it('throws a ResponseError when a train calendar is refused', async () => {
    server.use(
      http.get(`${baseUrl}/trains/:name/calendar.ics`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotFoundError', message: 'No train nope' },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );

    await expect(client.getTrainCalendar('nope')).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 404,
      cause: { message: 'No train nope' },
    });
  });
});
