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

  it('carries a promotion out through the configured webhook', async () => {
    const received: { body: string; signature: string | null }[] = [];
    server.use(
      http.post('https://deploy.example.com/hooks', async ({ request: r }) => {
        const body = await r.text();
        received.push({
          body,
          signature: r.headers.get('x-release-trains-signature'),
        });
        return HttpResponse.json({ state: 'succeeded' });
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
    expect(promoted.body).toMatchObject({
      stage: 'dev',
      deployer: 'webhook',
      state: 'succeeded',
    });
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0].body)).toMatchObject({
      deploymentId: promoted.body.id,
      service: 'component:default/payments',
      stage: 'dev',
      version: '1.0.0',
      kind: 'promote',
    });
    expect(received[0].signature).toBe(
      signReleaseTrainsBody(received[0].body, secret),
    );
  });
});
