import { Config } from '@backstage/config';
import {
  DeployerStatus,
  DeploymentRequest,
  ReleaseTrainsDeployer,
} from '@release-trains/plugin-release-trains-node';
import { createHash } from 'node:crypto';

/**
 * Simulates deployments for the demo portal: each takes a set time, and a
 * set share of them fail. Its verdicts follow from the deployment alone
 * (id and start time), so they survive a restart of the backend.
 */
export class DemoDeployer implements ReleaseTrainsDeployer {
  readonly id = 'demo';

  static fromConfig(config: Config, now?: () => Date): DemoDeployer {
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
      now,
    });
  }

  constructor(
    private readonly options: {
      durationSeconds: number;
      failureRate: number;
      now?: () => Date;
    },
  ) {}

  async start(request: DeploymentRequest): Promise<DeployerStatus> {
    return this.status(request);
  }

  async status(request: DeploymentRequest): Promise<DeployerStatus> {
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
