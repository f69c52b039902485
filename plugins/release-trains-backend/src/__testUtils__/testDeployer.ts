import {
  createReleaseTrainsDeployerModule,
  DeployerStatus,
  DeploymentRequest,
  ReleaseTrainsDeployer,
} from '@release-trains/plugin-release-trains-node';

/**
 * Succeeds a deployment `durationSeconds` after it starts. The tests'
 * pipelines name it `demo`, as the demo portal's simulated deployer is
 * named, which lives in a module the plugin does not depend on.
 */
class TimedDeployer implements ReleaseTrainsDeployer {
  readonly id = 'demo';

  constructor(private readonly durationSeconds: number) {}

  async start(request: DeploymentRequest): Promise<DeployerStatus> {
    return this.status(request);
  }

  async status(request: DeploymentRequest): Promise<DeployerStatus> {
    const done = Date.parse(request.startedAt) + this.durationSeconds * 1000;
    return { state: Date.now() < done ? 'in-progress' : 'succeeded' };
  }
}

/** Adds the tests' `demo` deployer, configured where the demo's is. */
export const testDeployerModule = createReleaseTrainsDeployerModule({
  moduleId: 'test-deployer',
  configPath: 'releaseTrains.deployers.demo',
  fromConfig: config =>
    new TimedDeployer(
      config.getOptionalNumber(
        'releaseTrains.deployers.demo.durationSeconds',
      ) ?? 20,
    ),
});
