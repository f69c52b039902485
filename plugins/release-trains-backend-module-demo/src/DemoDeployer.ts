import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  DeployerStatus,
  DeploymentHealthReporter,
  DeploymentRequest,
  ReleaseTrainsDeployer,
} from '@release-trains/plugin-release-trains-node';
import { createHash } from 'node:crypto';
import { MisbehavingVersion, readMisbehaving } from './demoHealth';
import { DemoTraffic } from './DemoTraffic';

/**
 * Simulates deployments for the demo portal: each takes a set time, and a
 * set share of them fail. Its verdicts follow from the deployment alone
 * (id and start time), so they survive a restart of the backend.
 *
 * It can roll out progressively too (canary, blue-green): `rollout` keeps
 * the weights and reports simulated health, in which the versions listed
 * in `misbehaving` fail their canary analysis.
 */
export class DemoDeployer implements ReleaseTrainsDeployer {
  readonly id = 'demo';
  readonly rollout: DemoTraffic;

  static fromConfig(
    config: Config,
    now?: () => Date,
    health?: {
      healthReporter: () => DeploymentHealthReporter;
      logger?: LoggerService;
    },
  ): DemoDeployer {
    const demo = config.getOptionalConfig('releaseTrains.deployers.demo');
    const failureRate = demo?.getOptionalNumber('failureRate') ?? 0;
    if (failureRate < 0 || failureRate > 1) {
      throw new Error(
        'releaseTrains.deployers.demo.failureRate must be between 0 and 1',
      );
    }
    return new DemoDeployer({
      durationSeconds: demo?.getOptionalNumber('durationSeconds') ?? 20,
      failureRate,
      misbehaving: readMisbehaving(demo),
      now,
      ...health,
    });
  }

  constructor(
    private readonly options: {
      durationSeconds: number;
      failureRate: number;
      misbehaving?: MisbehavingVersion[];
      now?: () => Date;
      healthReporter?: () => DeploymentHealthReporter;
      logger?: LoggerService;
    },
  ) {
    this.rollout = new DemoTraffic({
      misbehaving: options.misbehaving ?? [],
      healthReporter: options.healthReporter,
      logger: options.logger,
      now: options.now,
    });
  }

  async start(request: DeploymentRequest): Promise<DeployerStatus> {
    return this.status(request);
  }

  async status(request: DeploymentRequest): Promise<DeployerStatus> {
    // A roll-out's new version comes up without traffic; its health is
    // reported from now on (again, after a restart of the backend).
    this.rollout.track(request);
    const now = this.options.now?.() ?? new Date();
    const done =
      Date.parse(request.startedAt) + this.options.durationSeconds * 1000;
    if (now.getTime() < done) {
      return { state: 'in-progress', message: 'Simulating the roll-out' };
    }
    return this.fails(request.deploymentId)
      ? { state: 'failed', message: 'Simulated failure: health check failed' }
      : { state: 'succeeded', message: 'Simulated roll-out finished' };
  }

  /** A stable draw in [0, 1) per deployment. */
  private fails(deploymentId: string): boolean {
    const draw =
      createHash('sha256').update(deploymentId).digest().readUInt32BE(0) /
      2 ** 32;
    return draw < this.options.failureRate;
  }
}
