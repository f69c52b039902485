import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The test runs the module inside the real backend plugin.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import releaseTrainsPlugin from '@release-trains/plugin-release-trains-backend';
import {
  signReleaseTrainsRequest,
  verifyReleaseTrainsRequest,
} from '@release-trains/plugin-release-trains-node';
import { createHmac, randomUUID } from 'node:crypto';
import { http, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import webhookModule from '.';

const secret = 'a-webhook-secret-of-some-length';

describe('the webhook deployer module', () => {
  const server = setupServer(
    // The test's own calls to the backend go through.
    http.all('http://127.0.0.1*', () => passthrough()),
    http.all('http://localhost*', () => passthrough()),
  );
  registerMswTestHooks(server);

  /** The plugin with this module, payments built at 1.0.0, and ana's promotion of it. */
  async function promoteThroughWebhook(
    answer: object,
    webhookConfig: object = {},
  ) {
    const received: {
      body: string;
      signature: string | null;
      delivery: string | null;
    }[] = [];
    server.use(
      http.post('https://deploy.example.com/hooks', async ({ request: r }) => {
        const body = await r.text();
        received.push({
          body,
          signature: r.headers.get('x-release-trains-signature'),
          delivery: r.headers.get('x-release-trains-delivery'),
        });
        return HttpResponse.json(answer);
      }),
    );
    const { server: backend } = await startTestBackend({
      features: [
        releaseTrainsPlugin,
        webhookModule,
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: {
                name: 'payments',
                annotations: { 'release-trains/pipeline': 'default' },
              },
              spec: { type: 'service', owner: 'team-a' },
            },
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            releaseTrains: {
              // The test's service token reports builds as a CI source.
              ingestion: {
                sources: {
                  ci: {
                    subject: mockCredentials.service().principal.subject,
                    allServices: true,
                  },
                },
              },
              deployers: {
                webhook: {
                  url: 'https://deploy.example.com/hooks',
                  secret,
                  ...webhookConfig,
                },
              },
              pipelines: {
                default: {
                  deployer: 'webhook',
                  stages: [{ name: 'dev' }, { name: 'prod' }],
                },
              },
            },
          },
        }),
      ],
    });
    await request(backend)
      .post('/api/release-trains/events')
      .set('Authorization', mockCredentials.service.header())
      .set('X-Release-Trains-Delivery', 'build-1')
      .send({
        type: 'version.created',
        service: 'payments',
        version: '1.0.0',
        commitSha: 'a'.repeat(40),
        builtAt: '2026-11-22T09:00:00.000Z',
      })
      .expect(200);
    const promoted = await request(backend)
      .post('/api/release-trains/promotions')
      .set('Authorization', mockCredentials.user.header('user:default/ana'))
      .send({ service: 'payments', version: '1.0.0' });
    expect(promoted.status).toBe(201);
    return { backend, received, deployment: promoted.body };
  }

  it('carries a promotion out through the configured webhook', async () => {
    const { received, deployment } = await promoteThroughWebhook({
      state: 'succeeded',
    });

    expect(deployment).toMatchObject({
      stage: 'dev',
      deployer: 'webhook',
      state: 'succeeded',
    });
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0].body)).toMatchObject({
      deploymentId: deployment.id,
      service: 'component:default/payments',
      stage: 'dev',
      version: '1.0.0',
      kind: 'promote',
    });
    // Named by the deployment, and signed over it and the exact body.
    expect(received[0].delivery).toBe(deployment.id);
    const verify = (body: string, deliveryId = deployment.id) =>
      verifyReleaseTrainsRequest({
        body,
        deliveryId,
        signature: received[0].signature ?? undefined,
        secret,
      });
    expect(verify(received[0].body)).toEqual({ valid: true });
    expect(
      verify(received[0].body.replace('"stage":"dev"', '"stage":"prod"')),
    ).toEqual({ valid: false, reason: 'Signature does not match the request' });
    expect(verify(received[0].body, randomUUID())).toEqual({
      valid: false,
      reason: 'Signature does not match the request',
    });
  });

  it('takes the outcome from a signed callback of the deployment system', async () => {
    const { backend, deployment } = await promoteThroughWebhook({
      state: 'in-progress',
    });
    expect(deployment.state).toBe('in-progress');
    const callback = (
      body: object,
      sign: { secret?: string; deliveryId?: string; now?: Date } = {},
    ) => {
      const raw = JSON.stringify(body);
      const deliveryId = sign.deliveryId ?? randomUUID();
      return request(backend)
        .post('/api/release-trains/deployers/webhook/status')
        .set('Content-Type', 'application/json')
        .set('X-Release-Trains-Delivery', deliveryId)
        .set(
          'X-Release-Trains-Signature',
          signReleaseTrainsRequest({
            body: raw,
            deliveryId,
            secret: sign.secret ?? secret,
            now: sign.now,
          }),
        )
        .send(raw);
    };
    const stateOf = async () =>
      (
        await request(backend)
          .get(`/api/release-trains/deployments/${deployment.id}`)
          .set('Authorization', mockCredentials.user.header())
      ).body.state;

    const forged = await callback(
      { deploymentId: deployment.id, state: 'succeeded' },
      { secret: 'not-the-secret-at-all' },
    );
    expect(forged.status).toBe(401);
    expect(forged.body.error.message).toBe(
      'Signature does not match the request',
    );
    expect(await stateOf()).toBe('in-progress');

    const bad = await callback({ deploymentId: deployment.id, state: 'done' });
    expect(bad.status).toBe(400);

    const unknown = await callback({ deploymentId: 'nope', state: 'failed' });
    expect(unknown.status).toBe(404);

    const done = await callback({
      deploymentId: deployment.id,
      state: 'failed',
      message: 'Pods crash-looping',
    });
    expect(done.status).toBe(204);
    const failed = await request(backend)
      .get(`/api/release-trains/deployments/${deployment.id}`)
      .set('Authorization', mockCredentials.user.header());
    expect(failed.body).toMatchObject({
      state: 'failed',
      reason: 'Pods crash-looping',
    });

    const late = await callback({
      deploymentId: deployment.id,
      state: 'succeeded',
    });
    expect(late.status).toBe(409);
  });

  it('refuses callbacks replayed under another delivery id, stale, or signed the old way, and changes nothing', async () => {
    const { backend, deployment } = await promoteThroughWebhook({
      state: 'in-progress',
    });
    const path = '/api/release-trains/deployers/webhook/status';
    const post = (raw: string, headers: Record<string, string>) =>
      request(backend)
        .post(path)
        .set({ 'Content-Type': 'application/json', ...headers })
        .send(raw);
    const stateOf = async () =>
      (
        await request(backend)
          .get(`/api/release-trains/deployments/${deployment.id}`)
          .set('Authorization', mockCredentials.user.header())
      ).body.state;
    const refusal = async (
      response: request.Response,
      reason: string | RegExp,
    ) => {
      expect(response.status).toBe(401);
      expect(response.body.error).toMatchObject({
        name: 'AuthenticationError',
        message: expect.stringMatching(reason),
      });
      expect(await stateOf()).toBe('in-progress');
    };

    // A genuine callback, as it would cross the wire.
    const raw = JSON.stringify({
      deploymentId: deployment.id,
      state: 'succeeded',
    });
    const genuine = {
      'X-Release-Trains-Delivery': 'callback-1',
      'X-Release-Trains-Signature': signReleaseTrainsRequest({
        body: raw,
        deliveryId: 'callback-1',
        secret,
      }),
    };

    // Replayed under another delivery id, body and signature untouched.
    await refusal(
      await post(raw, {
        ...genuine,
        'X-Release-Trains-Delivery': 'callback-2',
      }),
      /^Signature does not match the request$/,
    );
    // Without its delivery id, or with one the scheme does not allow.
    await refusal(
      await post(raw, {
        'X-Release-Trains-Signature': genuine['X-Release-Trains-Signature'],
      }),
      /^Missing or malformed delivery id$/,
    );
    await refusal(
      await post(raw, {
        ...genuine,
        'X-Release-Trains-Delivery': 'callback 1',
      }),
      /^Missing or malformed delivery id$/,
    );
    // Signed ten minutes ago, or ten minutes ahead.
    for (const minutes of [-10, 10]) {
      const now = new Date(Date.now() + minutes * 60 * 1000);
      await refusal(
        await post(raw, {
          ...genuine,
          'X-Release-Trains-Signature': signReleaseTrainsRequest({
            body: raw,
            deliveryId: 'callback-1',
            secret,
            now,
          }),
        }),
        /^Signature timestamp is more than 300 seconds away/,
      );
    }
    // The old form: sha256=<hex HMAC-SHA256 of the body alone>.
    await refusal(
      await post(raw, {
        ...genuine,
        'X-Release-Trains-Signature': `sha256=${createHmac('sha256', secret)
          .update(raw)
          .digest('hex')}`,
      }),
      /^Signature must read t=<unix seconds>,sha256=/,
    );
    // The same signed request, its body changed to another outcome.
    await refusal(
      await post(raw.replace('succeeded', 'failed'), genuine),
      /^Signature does not match the request$/,
    );
    // Unsigned, or not JSON.
    await refusal(await post(raw, {}), /^Signature must read/);
    await refusal(
      await request(backend)
        .post(path)
        .set({ 'Content-Type': 'text/plain', ...genuine })
        .send(raw),
      /^A signed JSON body is required$/,
    );
    // The body size limit still comes first.
    const large = JSON.stringify({
      deploymentId: deployment.id,
      state: 'failed',
      message: 'x'.repeat(70 * 1024),
    });
    const tooLarge = await post(large, {
      'X-Release-Trains-Delivery': 'callback-3',
      'X-Release-Trains-Signature': signReleaseTrainsRequest({
        body: large,
        deliveryId: 'callback-3',
        secret,
      }),
    });
    expect(tooLarge.status).toBe(413);
    expect(await stateOf()).toBe('in-progress');

    // The genuine callback, as signed, is what gets through.
    const done = await post(raw, genuine);
    expect(done.status).toBe(204);
    expect(await stateOf()).toBe('succeeded');
  });

  it('takes the tolerance for callbacks from configuration', async () => {
    const { backend, deployment } = await promoteThroughWebhook(
      { state: 'in-progress' },
      { signatureToleranceSeconds: 60 },
    );
    const callback = (secondsAgo: number) => {
      const raw = JSON.stringify({
        deploymentId: deployment.id,
        state: 'succeeded',
      });
      return request(backend)
        .post('/api/release-trains/deployers/webhook/status')
        .set('Content-Type', 'application/json')
        .set('X-Release-Trains-Delivery', 'callback-1')
        .set(
          'X-Release-Trains-Signature',
          signReleaseTrainsRequest({
            body: raw,
            deliveryId: 'callback-1',
            secret,
            now: new Date(Date.now() - secondsAgo * 1000),
          }),
        )
        .send(raw);
    };

    // Within the default five minutes, but not within the configured one.
    const stale = await callback(120);
    expect(stale.status).toBe(401);
    expect(stale.body.error.message).toBe(
      "Signature timestamp is more than 60 seconds away from the receiver's clock",
    );
    expect((await callback(30)).status).toBe(204);
  });
});
