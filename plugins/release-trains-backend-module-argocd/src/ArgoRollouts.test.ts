import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ArgoCdDeployer } from './ArgoCdDeployer';

const apps = 'https://argocd.example.com/api/v1/applications';
const request = {
  deploymentId: 'd-1',
  service: 'component:default/payments',
  stage: 'prod',
  version: '1.4.2',
  kind: 'promote' as const,
  startedAt: '2026-11-22T10:00:00.000Z',
  rollout: {
    strategy: 'canary' as const,
    baselineVersion: '1.4.1',
    weights: [10, 50, 100],
  },
};

const deployerWith = (argocd: object = {}) =>
  ArgoCdDeployer.fromConfig(
    new ConfigReader({
      releaseTrains: {
        deployers: {
          argocd: {
            url: 'https://argocd.example.com',
            token: 'argo-token',
            revision: 'v{version}',
            ...argocd,
          },
        },
      },
    }),
  )!;

const rolloutResource = (name = 'payments') => ({
  group: 'argoproj.io',
  version: 'v1alpha1',
  kind: 'Rollout',
  namespace: 'payments-prod',
  name,
});

/** A canary Rollout mirroring the stage: pause, 10, pause, 50, pause. */
const canary = (status: object) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { name: 'payments', namespace: 'payments-prod', generation: 4 },
  spec: {
    strategy: {
      canary: {
        steps: [
          { pause: {} },
          { setWeight: 10 },
          { pause: {} },
          { setWeight: 50 },
          { pause: {} },
        ],
      },
    },
  },
  status: { stableRS: 'old', currentPodHash: 'new', ...status },
});

const paused = { pauseConditions: [{ reason: 'CanaryPauseStep' }] };

describe('ArgoCdDeployer with Argo Rollouts', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  /** Argo CD with the application, its live Rollout, and the actions run. */
  function argoCd(
    rollout: object,
    options: { resources?: object[]; health?: string } = {},
  ) {
    const actions: { action: unknown; query: Record<string, string> }[] = [];
    const synced: unknown[] = [];
    server.use(
      http.get(`${apps}/payments-prod`, () =>
        HttpResponse.json({
          metadata: { name: 'payments-prod' },
          status: {
            resources: options.resources ?? [
              { group: 'apps', version: 'v1', kind: 'Service', name: 'x' },
              rolloutResource(),
            ],
            health: { status: options.health ?? 'Suspended' },
            operationState: {
              phase: 'Succeeded',
              operation: { sync: { revision: 'v1.4.2' } },
            },
          },
        }),
      ),
      http.get(`${apps}/payments-prod/resource`, ({ request: r }) => {
        const query = Object.fromEntries(new URL(r.url).searchParams);
        expect(query).toEqual({
          namespace: 'payments-prod',
          resourceName: 'payments',
          version: 'v1alpha1',
          group: 'argoproj.io',
          kind: 'Rollout',
        });
        return HttpResponse.json({ manifest: JSON.stringify(rollout) });
      }),
      http.post(
        `${apps}/payments-prod/resource/actions`,
        async ({ request: r }) => {
          actions.push({
            action: await r.json(),
            query: Object.fromEntries(new URL(r.url).searchParams),
          });
          return HttpResponse.json({});
        },
      ),
      http.post(`${apps}/payments-prod/sync`, async ({ request: r }) => {
        synced.push(await r.json());
        return HttpResponse.json({});
      }),
    );
    return { actions, synced };
  }

  it('has no rollout operations unless enabled', () => {
    expect(deployerWith().rollout).toBeUndefined();
    expect(deployerWith({ rollout: true }).rollout).toBeDefined();
  });

  it('resumes the Rollout paused before the weight, as a resource action', async () => {
    const { actions } = argoCd(canary({ ...paused, currentStepIndex: 0 }));
    await deployerWith({ rollout: true }).rollout!.setWeight(request, 10);
    expect(actions).toEqual([
      {
        action: 'resume',
        query: {
          namespace: 'payments-prod',
          resourceName: 'payments',
          version: 'v1alpha1',
          group: 'argoproj.io',
          kind: 'Rollout',
        },
      },
    ]);
  });

  it('does nothing when the Rollout is already at the weight, so a repeat skips no step', async () => {
    const { rollout } = deployerWith({ rollout: true });
    // Paused after its setWeight 10 step.
    const at10 = argoCd(canary({ ...paused, currentStepIndex: 2 }));
    await rollout!.setWeight(request, 10);
    expect(at10.actions).toEqual([]);
    // As the traffic router reports it.
    const reported = argoCd(
      canary({ ...paused, canary: { weights: { canary: { weight: 50 } } } }),
    );
    await rollout!.setWeight(request, 50);
    expect(reported.actions).toEqual([]);
  });

  it('throws, to be asked again, while the Rollout is still moving', async () => {
    const { actions } = argoCd(canary({ currentStepIndex: 1 }));
    await expect(
      deployerWith({ rollout: true }).rollout!.setWeight(request, 10),
    ).rejects.toThrow(/not paused yet/);
    expect(actions).toEqual([]);
  });

  it('promotes fully at 100 and on switching traffic, unless already', async () => {
    const { rollout } = deployerWith({ rollout: true });
    const halfway = argoCd(canary({ ...paused, currentStepIndex: 4 }));
    await rollout!.setWeight(request, 100);
    await rollout!.switchTraffic(request);
    expect(halfway.actions.map(a => a.action)).toEqual([
      'promote-full',
      'promote-full',
    ]);
    const promoted = argoCd(canary({ currentPodHash: 'old' }));
    await rollout!.setWeight(request, 100);
    await rollout!.switchTraffic(request);
    expect(promoted.actions).toEqual([]);
  });

  it('aborts once', async () => {
    const { rollout } = deployerWith({ rollout: true });
    const running = argoCd(canary({ ...paused, currentStepIndex: 2 }));
    await rollout!.abort(request);
    expect(running.actions.map(a => a.action)).toEqual(['abort']);
    const aborted = argoCd(canary({ abort: true, currentStepIndex: 2 }));
    await rollout!.abort(request);
    expect(aborted.actions).toEqual([]);
    await expect(rollout!.setWeight(request, 50)).rejects.toThrow(
      /was aborted/,
    );
  });

  it('picks the configured Rollout among several, or says why it cannot', async () => {
    const resources = [rolloutResource('payments'), rolloutResource('worker')];
    const { actions } = argoCd(canary({ ...paused, currentStepIndex: 0 }), {
      resources,
    });
    await expect(
      deployerWith({ rollout: true }).rollout!.setWeight(request, 10),
    ).rejects.toThrow(/has 2 Argo Rollouts; configure .*rolloutName/);
    await deployerWith({ rollout: true, rolloutName: '{name}' }).rollout!.abort(
      request,
    );
    expect(actions.map(a => a.action)).toEqual(['abort']);
  });

  it('refuses a progressive start without a Rollout of the strategy, before syncing', async () => {
    const deployer = deployerWith({ rollout: true });
    const none = argoCd(canary({}), { resources: [] });
    await expect(deployer.start(request)).resolves.toEqual({
      state: 'failed',
      message: 'payments-prod has no Argo Rollout',
    });
    expect(none.synced).toEqual([]);

    const blueGreen = argoCd({ spec: { strategy: { blueGreen: {} } } });
    await expect(deployer.start(request)).resolves.toEqual({
      state: 'failed',
      message:
        'The stage rolls out as canary, but the Argo Rollout of payments-prod uses blue-green',
    });
    expect(blueGreen.synced).toEqual([]);

    const fine = argoCd(canary({}));
    await expect(deployer.start(request)).resolves.toMatchObject({
      state: 'in-progress',
    });
    expect(fine.synced).toEqual([
      { revision: 'v1.4.2', prune: false, dryRun: false },
    ]);
  });

  it('counts a Rollout paused after the sync as started, only for a progressive deployment', async () => {
    argoCd(canary({ ...paused, currentStepIndex: 0 }), {
      health: 'Suspended',
    });
    await expect(
      deployerWith({ rollout: true }).status(request),
    ).resolves.toMatchObject({ state: 'succeeded' });
    const { rollout, ...rolling } = request;
    await expect(
      deployerWith({ rollout: true }).status(rolling),
    ).resolves.toMatchObject({ state: 'in-progress' });
    await expect(deployerWith().status(request)).resolves.toMatchObject({
      state: 'in-progress',
    });
  });

  it('throws when Argo CD refuses an action', async () => {
    argoCd(canary({ ...paused, currentStepIndex: 2 }));
    server.use(
      http.post(`${apps}/payments-prod/resource/actions`, () =>
        HttpResponse.json(
          { error: 'permission denied', code: 7, message: 'permission denied' },
          { status: 403 },
        ),
      ),
    );
    await expect(
      deployerWith({ rollout: true }).rollout!.abort(request),
    ).rejects.toThrow(/403/);
  });
});
