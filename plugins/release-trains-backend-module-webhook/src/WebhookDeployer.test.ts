import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { signReleaseTrainsBody } from '@internal/backstage-plugin-release-trains-node';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { WebhookDeployer } from './WebhookDeployer';

const secret = 'a-webhook-secret-of-some-length';
const request = {
  deploymentId: 'd-1',
  service: 'component:default/payments',
  stage: 'prod',
  version: '1.4.2',
  kind: 'promote' as const,
  startedAt: '2026-11-22T10:00:00.000Z',
};

const deployerWith = (webhook: object) =>
  WebhookDeployer.fromConfig(
    new ConfigReader({ releaseTrains: { deployers: { webhook } } }),
  )!;

describe('WebhookDeployer', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('POSTs the deployment, signed, named by its id, and reads the answer', async () => {
    let received: { body: string; headers: Headers } | undefined;
    server.use(
      http.post('https://deploy.example.com/hooks', async ({ request: r }) => {
        received = { body: await r.text(), headers: r.headers };
        return HttpResponse.json({ state: 'in-progress', message: 'queued' });
      }),
    );
    const deployer = deployerWith({
      url: 'https://deploy.example.com/hooks',
      secret,
    });

    await expect(deployer.start(request)).resolves.toEqual({
      state: 'in-progress',
      message: 'queued',
    });
    expect(JSON.parse(received!.body)).toEqual(request);
    // The receiver can check the signature of the exact bytes it got.
    expect(received!.headers.get('x-release-trains-signature')).toBe(
      signReleaseTrainsBody(received!.body, secret),
    );
    expect(received!.headers.get('x-release-trains-delivery')).toBe('d-1');
  });

  it('counts an empty 202 as started, and a refusal as an error', async () => {
    const deployer = deployerWith({
      url: 'https://deploy.example.com/hooks',
      secret,
    });
    server.use(
      http.post(
        'https://deploy.example.com/hooks',
        () => new HttpResponse(null, { status: 202 }),
      ),
    );
    await expect(deployer.start(request)).resolves.toEqual({
      state: 'in-progress',
    });
    server.use(
      http.post('https://deploy.example.com/hooks', () =>
        HttpResponse.text('no such service', { status: 422 }),
      ),
    );
    await expect(deployer.start(request)).rejects.toThrow(/422/);
  });

  it('polls the status URL, or waits for the timeout without one', async () => {
    server.use(
      http.get('https://deploy.example.com/status/d-1', () =>
        HttpResponse.json({ state: 'failed', message: 'Pods crash-looping' }),
      ),
    );
    const polling = deployerWith({
      url: 'https://deploy.example.com/hooks',
      statusUrl: 'https://deploy.example.com/status/{deploymentId}',
      secret,
    });
    await expect(polling.status(request)).resolves.toEqual({
      state: 'failed',
      message: 'Pods crash-looping',
    });

    const silent = deployerWith({
      url: 'https://deploy.example.com/hooks',
      secret,
    });
    await expect(silent.status(request)).resolves.toEqual({
      state: 'in-progress',
    });
  });

  it('is off without configuration and refuses a short secret', () => {
    expect(WebhookDeployer.fromConfig(new ConfigReader({}))).toBeUndefined();
    expect(() =>
      deployerWith({ url: 'https://deploy.example.com', secret: 'short' }),
    ).toThrow(/secret must be at least 16 characters/);
    expect(() =>
      deployerWith({ url: 'ftp://deploy.example.com', secret }),
    ).toThrow(/url must be an http\(s\) URL/);
  });
});
