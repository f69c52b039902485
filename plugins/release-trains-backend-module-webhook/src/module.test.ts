import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The test runs the module inside the real backend plugin.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import releaseTrainsPlugin from '@internal/backstage-plugin-release-trains-backend';
import { signReleaseTrainsBody } from '@internal/backstage-plugin-release-trains-node';
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
  async function promoteThroughWebhook(answer: object) {
    const received: { body: string; signature: string | null }[] = [];
    server.use(
      http.post('https://deploy.example.com/hooks', async ({ request: r }) => {
        const body = await r.text();
        received.push({
          body,
          signature: r.headers.get('x-release-trains-signature'),
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
              deployers: {
                webhook: { url: 'https://deploy.example.com/hooks', secret },
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
    expect(received[0].signature).toBe(
      signReleaseTrainsBody(received[0].body, secret),
    );
  });

  it('takes the outcome from a signed callback of the deployment system', async () => {
    const { backend, deployment } = await promoteThroughWebhook({
      state: 'in-progress',
    });
    expect(deployment.state).toBe('in-progress');
    const callback = (body: object, signWith = secret) => {
      const raw = JSON.stringify(body);
      return request(backend)
        .post('/api/release-trains/deployers/webhook/status')
        .set('Content-Type', 'application/json')
        .set('X-Release-Trains-Signature', signReleaseTrainsBody(raw, signWith))
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
      'not-the-secret-at-all',
    );
    expect(forged.status).toBe(401);
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
});
