import { ConfigReader } from '@backstage/config';
import {
  DeploymentRequest,
  HealthSample,
} from '@release-trains/plugin-release-trains-node';
import { DemoDeployer } from './DemoDeployer';
import { demoHealthSamples, readMisbehaving } from './demoHealth';

/** What configuration may hold. */
type JsonValue = NonNullable<
  NonNullable<ConstructorParameters<typeof ConfigReader>[0]>[string]
>;

const request = (
  overrides: Partial<DeploymentRequest> = {},
): DeploymentRequest => ({
  deploymentId: 'd-1',
  service: 'component:default/recommendations',
  stage: 'staging',
  version: '1.2.0',
  kind: 'promote',
  startedAt: '2026-12-02T10:00:00.000Z',
  rollout: {
    strategy: 'canary',
    baselineVersion: '1.1.3',
    weights: [20, 50, 100],
  },
  ...overrides,
});

/** A demo deployer on a fake clock, whose reports are kept. */
function demo(options: { misbehaving?: JsonValue; reportError?: Error } = {}) {
  let now = new Date('2026-12-02T10:00:00.000Z');
  const reports: { deploymentId: string; samples: HealthSample[] }[] = [];
  const healthReporter = jest.fn(() => ({
    async report(deploymentId: string, samples: HealthSample[]) {
      if (options.reportError) throw options.reportError;
      reports.push({ deploymentId, samples });
    },
  }));
  const deployer = DemoDeployer.fromConfig(
    new ConfigReader({
      releaseTrains: {
        deployers: {
          demo: {
            durationSeconds: 15,
            ...(options.misbehaving !== undefined && {
              misbehaving: options.misbehaving,
            }),
          },
        },
      },
    }),
    () => now,
    { healthReporter },
  );
  return {
    deployer,
    traffic: deployer.rollout,
    reports,
    healthReporter,
    advance(seconds: number) {
      now = new Date(now.getTime() + seconds * 1000);
    },
  };
}

const valueOf = (samples: HealthSample[], check: HealthSample['check']) =>
  samples.find(s => s.check === check)!;

describe('the demo deployer’s roll-outs', () => {
  it('asks for the health reporter only when it first reports', async () => {
    const { traffic, healthReporter, reports } = demo();
    expect(healthReporter).not.toHaveBeenCalled();
    await traffic.setWeight(request(), 20);
    // Reported at once: the new weight's numbers are in before the analysis measures.
    expect(healthReporter).toHaveBeenCalledTimes(1);
    expect(reports).toHaveLength(1);
    await traffic.setWeight(request(), 50);
    expect(healthReporter).toHaveBeenCalledTimes(1);
    expect(reports).toHaveLength(2);
  });

  it('keeps the weight per deployment and reports at each shift and on each tick until the new version has all traffic', async () => {
    const { deployer, traffic, reports, advance } = demo();
    const first = request();
    const second = request({
      deploymentId: 'd-2',
      service: 'component:default/cart',
    });
    expect(await deployer.start(first)).toMatchObject({ state: 'in-progress' });
    await deployer.start(second);
    // Up beside the baseline without traffic: reported on from the start.
    expect(traffic.weightOf('d-1')).toBe(0);
    await traffic.reportActive();
    expect(reports.map(r => r.deploymentId)).toEqual(['d-1', 'd-2']);

    await traffic.setWeight(first, 20);
    expect(traffic.weightOf('d-1')).toBe(20);
    expect(traffic.weightOf('d-2')).toBe(0);
    expect(reports).toHaveLength(3);

    advance(5);
    await traffic.reportActive();
    expect(reports.slice(3).map(r => r.deploymentId)).toEqual(['d-1', 'd-2']);

    await traffic.setWeight(first, 100);
    expect(reports.at(-1)!.deploymentId).toBe('d-1');
    expect(traffic.weightOf('d-1')).toBeUndefined();
    expect(traffic.activeDeployments()).toEqual(['d-2']);
    // Polled again, an ended roll-out is not taken up again.
    await deployer.status(first);
    expect(traffic.activeDeployments()).toEqual(['d-2']);
  });

  it('stops reporting on a deployment after abort, and after a blue-green switch', async () => {
    const { deployer, traffic, reports } = demo();
    await deployer.start(request());
    const blueGreen = request({
      deploymentId: 'd-bg',
      rollout: { strategy: 'blue-green', keepPreviousMinutes: 30 },
    });
    await deployer.start(blueGreen);
    await traffic.abort(request());
    await traffic.reportActive();
    expect(reports.map(r => r.deploymentId)).toEqual(['d-bg']);
    await traffic.switchTraffic(blueGreen);
    expect(reports.map(r => r.deploymentId)).toEqual(['d-bg', 'd-bg']);
    await traffic.reportActive();
    expect(reports).toHaveLength(2);
    expect(traffic.activeDeployments()).toEqual([]);
  });

  it('reports nothing for deployments without a roll-out', async () => {
    const { deployer, traffic, reports } = demo();
    await deployer.start(request({ rollout: undefined }));
    await traffic.reportActive();
    expect(reports).toHaveLength(0);
  });

  it('stops reporting on a deployment the backend says is over, and keeps going on other errors', async () => {
    const over = Object.assign(new Error('not in progress'), {
      name: 'ConflictError',
    });
    const ended = demo({ reportError: over });
    await ended.deployer.start(request());
    await ended.traffic.reportActive();
    expect(ended.traffic.activeDeployments()).toEqual([]);

    const starting = Object.assign(new Error('starting'), {
      name: 'ServiceUnavailableError',
    });
    const unavailable = demo({ reportError: starting });
    await unavailable.deployer.start(request());
    await unavailable.traffic.setWeight(request(), 20);
    expect(unavailable.traffic.activeDeployments()).toEqual(['d-1']);
  });

  it('rejects a weight that is not a percentage', async () => {
    const { traffic } = demo();
    await expect(traffic.setWeight(request(), 120)).rejects.toThrow(
      'A weight is a percentage, 0 to 100 (got 120)',
    );
  });

  it('reports healthy numbers with a small jitter that follows from the deployment and the moment', async () => {
    const { traffic, reports, advance } = demo();
    await traffic.setWeight(request(), 20);
    advance(1); // the same 5 s: the same numbers
    await traffic.reportActive();
    advance(5);
    await traffic.reportActive();
    const [first, again, later] = reports.map(r => r.samples);
    expect(again).toEqual(first);
    expect(later).not.toEqual(first);
    for (const samples of [first, later]) {
      const errors = valueOf(samples, 'error-rate');
      expect(errors.canary).toBeGreaterThanOrEqual(0.0045);
      expect(errors.canary).toBeLessThanOrEqual(0.0055);
      expect(errors.baseline).toBeGreaterThanOrEqual(0.0045);
      expect(errors.baseline).toBeLessThanOrEqual(0.0055);
      const latency = valueOf(samples, 'latency-p95');
      expect(Math.abs(latency.canary! - 120)).toBeLessThanOrEqual(8);
      expect(Math.abs(latency.baseline! - 120)).toBeLessThanOrEqual(8);
      expect(valueOf(samples, 'health-check')).toEqual({
        check: 'health-check',
        canary: 1,
        baseline: 1,
      });
      const burn = valueOf(samples, 'burn-rate');
      expect(Math.abs(burn.canary! - 1)).toBeLessThanOrEqual(0.1);
    }
  });

  it('reports a misbehaving version’s canary errors 3 points above its baseline', async () => {
    const { traffic, reports } = demo({
      misbehaving: [
        { service: 'component:default/recommendations', version: '1.2.0' },
        { service: 'component:default/cart', fromWeight: 20 },
      ],
    });
    const cases = [
      request(),
      request({ deploymentId: 'd-2', version: '1.2.1' }),
      request({ deploymentId: 'd-3', service: 'component:default/cart' }),
      request({ deploymentId: 'd-4', kind: 'rollback' }),
    ];
    for (const r of cases) await traffic.setWeight(r, 20);
    const increase = (id: string) => {
      const errors = valueOf(
        reports.find(r => r.deploymentId === id)!.samples,
        'error-rate',
      );
      return Number((errors.canary! - errors.baseline!).toFixed(5));
    };
    expect(increase('d-1')).toBe(0.03);
    expect(Math.abs(increase('d-2'))).toBeLessThan(0.001);
    expect(increase('d-3')).toBe(0.03);
    // A rollback goes back to a version that ran there.
    expect(Math.abs(increase('d-4'))).toBeLessThan(0.001);
    // The rest of its health is as healthy as the others'.
    const misbehaving = reports.find(r => r.deploymentId === 'd-1')!.samples;
    expect(valueOf(misbehaving, 'health-check').canary).toBe(1);
    expect(valueOf(misbehaving, 'burn-rate').canary).toBeLessThan(1.2);
  });

  it('reports a version that misbehaves under load healthy below its weight, and misbehaving from it on', async () => {
    const { deployer, traffic, reports, advance } = demo({
      misbehaving: [
        {
          service: 'component:default/recommendations',
          version: '1.2.0',
          fromWeight: 50,
        },
      ],
    });
    const increase = () => {
      const errors = valueOf(reports.at(-1)!.samples, 'error-rate');
      return Number((errors.canary! - errors.baseline!).toFixed(5));
    };
    await deployer.start(request());
    await traffic.reportActive();
    expect(Math.abs(increase())).toBeLessThan(0.001);
    await traffic.setWeight(request(), 20);
    expect(Math.abs(increase())).toBeLessThan(0.001);
    advance(5);
    await traffic.reportActive();
    expect(Math.abs(increase())).toBeLessThan(0.001);
    await traffic.setWeight(request(), 50);
    expect(increase()).toBe(0.03);
    advance(5);
    await traffic.reportActive();
    expect(increase()).toBe(0.03);
  });

  it('computes the same samples for the same deployment and moment', () => {
    const at = new Date('2026-12-02T10:00:02.000Z');
    expect(demoHealthSamples(request(), { misbehaving: false, at })).toEqual(
      demoHealthSamples(request(), { misbehaving: false, at }),
    );
  });
});

describe('releaseTrains.deployers.demo.misbehaving', () => {
  const read = (misbehaving: JsonValue) =>
    readMisbehaving(new ConfigReader({ misbehaving }));

  it('reads services with an optional version', () => {
    expect(
      read([
        { service: 'component:default/Recommendations', version: '1.2.0' },
        { service: 'component:default/cart' },
      ]),
    ).toEqual([
      {
        service: 'component:default/recommendations',
        version: '1.2.0',
        fromWeight: 0,
      },
      { service: 'component:default/cart', fromWeight: 0 },
    ]);
    expect(
      read([{ service: 'component:default/cart', fromWeight: 50 }]),
    ).toEqual([{ service: 'component:default/cart', fromWeight: 50 }]);
    expect(readMisbehaving(new ConfigReader({}))).toEqual([]);
  });

  it.each([
    [
      { service: 'component:default/cart' },
      'releaseTrains.deployers.demo.misbehaving must be a list of { service, version } entries',
    ],
    [
      ['component:default/cart'],
      'releaseTrains.deployers.demo.misbehaving[0] must be an object with service and, optionally, version and fromWeight',
    ],
    [
      [{ service: 'cart', version: '1.2.0' }],
      'releaseTrains.deployers.demo.misbehaving[0].service must be an entity ref such as component:default/recommendations (found "cart")',
    ],
    [
      [{ service: 'component:default/cart', version: 120 }],
      'releaseTrains.deployers.demo.misbehaving[0].version must be a version name such as 1.2.0, or left out for every version (found 120)',
    ],
    [
      [{ service: 'component:default/cart', versions: ['1.2.0'] }],
      'releaseTrains.deployers.demo.misbehaving[0]: unknown key versions; an entry has service and, optionally, version and fromWeight',
    ],
    [
      [{ service: 'component:default/cart', fromWeight: 150 }],
      'releaseTrains.deployers.demo.misbehaving[0].fromWeight must be a whole percentage, 0 to 100 (found 150)',
    ],
  ])('refuses %j', (misbehaving, message) => {
    expect(() => read(misbehaving)).toThrow(message);
    expect(() =>
      DemoDeployer.fromConfig(
        new ConfigReader({
          releaseTrains: { deployers: { demo: { misbehaving } } },
        }),
      ),
    ).toThrow(message);
  });
});
