import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { verifyReleaseTrainsRequest } from '@release-trains/plugin-release-trains-node';
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

  /** What the receiving side checks, with the bytes and headers it got. */
  const verifyReceived = (
    received: { body: string; headers: Headers },
    changes: { body?: string; deliveryId?: string; secret?: string } = {},
  ) =>
    verifyReleaseTrainsRequest({
      body: changes.body ?? received.body,
      deliveryId:
        changes.deliveryId ??
        received.headers.get('x-release-trains-delivery') ??
        undefined,
      signature:
        received.headers.get('x-release-trains-signature') ?? undefined,
      secret: changes.secret ?? secret,
    });

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

    const before = Math.floor(Date.now() / 1000);
    await expect(deployer.start(request)).resolves.toEqual({
      state: 'in-progress',
      message: 'queued',
    });
    expect(JSON.parse(received!.body)).toEqual(request);
    expect(received!.headers.get('x-release-trains-delivery')).toBe('d-1');
    // t=<now>,sha256=<hex>, and the receiver can check it against the exact
    // bytes it got and the delivery id.
    const signature = received!.headers.get('x-release-trains-signature')!;
    expect(signature).toMatch(/^t=\d+,sha256=[0-9a-f]{64}$/);
    const t = Number(/^t=(\d+),/.exec(signature)![1]);
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    expect(verifyReceived(received!)).toEqual({ valid: true });
  });

  it('signs so that the receiver refuses the POST if its body, delivery id or secret is not the one signed', async () => {
    let received: { body: string; headers: Headers } | undefined;
    server.use(
      http.post('https://deploy.example.com/hooks', async ({ request: r }) => {
        received = { body: await r.text(), headers: r.headers };
        return new HttpResponse(null, { status: 202 });
      }),
    );
    await deployerWith({
      url: 'https://deploy.example.com/hooks',
      secret,
    }).start(request);

    const mismatch = {
      valid: false,
      reason: 'Signature does not match the request',
    };
    const altered = JSON.stringify({ ...request, stage: 'dev' });
    expect(verifyReceived(received!, { body: altered })).toEqual(mismatch);
    expect(verifyReceived(received!, { body: `${received!.body} ` })).toEqual(
      mismatch,
    );
    expect(verifyReceived(received!, { deliveryId: 'd-2' })).toEqual(mismatch);
    expect(
      verifyReceived(received!, { secret: 'another-secret-of-some-length' }),
    ).toEqual(mismatch);
    // Received ten minutes later, it is stale.
    expect(
      verifyReleaseTrainsRequest({
        body: received!.body,
        deliveryId: 'd-1',
        signature: received!.headers.get('x-release-trains-signature')!,
        secret,
        now: new Date(Date.now() + 10 * 60 * 1000),
      }),
    ).toEqual({
      valid: false,
      reason: expect.stringMatching(/more than 300 seconds/),
    });
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

  it('polls the status URL, signed over an empty body, or waits for the timeout without one', async () => {
    let received: { body: string; headers: Headers } | undefined;
    server.use(
      http.get(
        'https://deploy.example.com/status/d-1',
        async ({ request: r }) => {
          received = { body: await r.text(), headers: r.headers };
          return HttpResponse.json({
            state: 'failed',
            message: 'Pods crash-looping',
          });
        },
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
    expect(received!.body).toBe('');
    expect(received!.headers.get('x-release-trains-delivery')).toBe('d-1');
    expect(verifyReceived(received!)).toEqual({ valid: true });
    // Not valid for another deployment's status.
    expect(verifyReceived(received!, { deliveryId: 'd-2' })).toMatchObject({
      valid: false,
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

  it('reads the tolerance for callback signatures, 300 seconds by default', () => {
    const url = 'https://deploy.example.com/hooks';
    expect(deployerWith({ url, secret }).signatureToleranceSeconds).toBe(300);
    expect(
      deployerWith({ url, secret, signatureToleranceSeconds: 60 })
        .signatureToleranceSeconds,
    ).toBe(60);
    // As an environment variable substitutes it, a string.
    expect(
      deployerWith({ url, secret, signatureToleranceSeconds: '120' })
        .signatureToleranceSeconds,
    ).toBe(120);
    for (const bad of [0, -5, Infinity, NaN, 'soon', true, {}]) {
      expect(() =>
        deployerWith({ url, secret, signatureToleranceSeconds: bad }),
      ).toThrow(
        'releaseTrains.deployers.webhook.signatureToleranceSeconds must be a positive number of seconds',
      );
    }
  });
});
