import {
  createBackendPlugin,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  HealthSample,
  ReleaseTrainsDeployer,
  releaseTrainsDeployerExtensionPoint,
  releaseTrainsHistoryExtensionPoint,
} from '@release-trains/plugin-release-trains-node';
import demoModule from '.';

/**
 * A stand-in for the Release Trains backend: it keeps the deployers the
 * module adds and the health it reports, and says when it has started.
 */
function fakeBackend() {
  const deployers: ReleaseTrainsDeployer[] = [];
  const reports: { deployerId: string; deploymentId: string }[] = [];
  const samples: HealthSample[][] = [];
  const healthReporter = jest.fn((deployerId: string) => ({
    async report(deploymentId: string, reported: HealthSample[]) {
      reports.push({ deployerId, deploymentId });
      samples.push(reported);
    },
  }));
  const plugin = createBackendPlugin({
    pluginId: 'release-trains',
    register(env) {
      env.registerExtensionPoint(releaseTrainsDeployerExtensionPoint, {
        addDeployer: deployer => deployers.push(deployer),
        statusReporter: () => ({ report: async () => {} }),
        healthReporter,
      });
      env.registerExtensionPoint(releaseTrainsHistoryExtensionPoint, {
        addHistoryImporter: () => {},
      });
      env.registerInit({ deps: {}, async init() {} });
    },
  });
  return { plugin, deployers, reports, samples, healthReporter };
}

describe('the demo module’s roll-out health', () => {
  it('reports the health of roll-outs in progress every 5 s from a local scheduled task, through the backend’s health reporter', async () => {
    const backend = fakeBackend();
    const scheduler = mockServices.scheduler.mock();
    await startTestBackend({
      features: [
        backend.plugin,
        demoModule,
        scheduler.factory,
        mockServices.rootConfig.factory({
          data: {
            releaseTrains: {
              deployers: {
                demo: {
                  durationSeconds: 15,
                  misbehaving: [
                    {
                      service: 'component:default/recommendations',
                      version: '1.2.0',
                    },
                  ],
                },
              },
            },
          },
        }),
      ],
    });
    expect(scheduler.scheduleTask).toHaveBeenCalledTimes(1);
    const task = scheduler.scheduleTask.mock
      .calls[0][0] as SchedulerServiceTaskScheduleDefinition & {
      fn: () => Promise<void>;
    };
    expect(task).toMatchObject({
      id: 'release-trains-demo-rollout-health',
      frequency: { seconds: 5 },
      scope: 'local',
    });

    const [deployer] = backend.deployers;
    expect(deployer.id).toBe('demo');
    // Nothing asked of the backend before a roll-out reports.
    await task.fn();
    expect(backend.healthReporter).not.toHaveBeenCalled();

    const request = {
      deploymentId: 'd-1',
      service: 'component:default/recommendations',
      stage: 'staging',
      version: '1.2.0',
      kind: 'promote' as const,
      startedAt: new Date().toISOString(),
      rollout: { strategy: 'canary' as const, baselineVersion: '1.1.3' },
    };
    await deployer.start(request);
    await task.fn();
    await deployer.rollout!.setWeight(request, 20);
    await task.fn();
    expect(backend.healthReporter).toHaveBeenCalledWith('demo');
    expect(backend.reports).toEqual([
      { deployerId: 'demo', deploymentId: 'd-1' },
      { deployerId: 'demo', deploymentId: 'd-1' },
      { deployerId: 'demo', deploymentId: 'd-1' },
    ]);
    const errors = backend.samples[2].find(s => s.check === 'error-rate')!;
    expect(errors.canary! - errors.baseline!).toBeCloseTo(0.03, 5);

    await deployer.rollout!.abort(request);
    await task.fn();
    expect(backend.reports).toHaveLength(3);
  });

  it('schedules nothing without the demo deployer', async () => {
    const backend = fakeBackend();
    const scheduler = mockServices.scheduler.mock();
    await startTestBackend({
      features: [
        backend.plugin,
        demoModule,
        scheduler.factory,
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    expect(scheduler.scheduleTask).not.toHaveBeenCalled();
    expect(backend.deployers).toHaveLength(0);
  });
});
