import { LoggerService } from '@backstage/backend-plugin-api';
import {
  DeploymentHealthReporter,
  DeploymentRequest,
  RolloutOperations,
} from '@release-trains/plugin-release-trains-node';
import {
  demoHealthSamples,
  misbehaves,
  MisbehavingVersion,
} from './demoHealth';

/** How many finished roll-outs are remembered, so as not to take them up again. */
const REMEMBERED_ENDS = 1000;

/**
 * The demo's traffic: shifts nothing real, but keeps per deployment the
 * weight the backend set and reports the health the demo measures — through
 * the push path, as a deployer with a service mesh would — at each shift
 * and on every `reportActive` (every 5 s, from
 * the module's scheduled task) while the roll-out lasts: from its start
 * until it is aborted or has all of the traffic. A misbehaving version's
 * canary errs more from its `fromWeight` on.
 *
 * The weights live in memory only, which is acceptable for a demo (and the
 * module schedules its reports `local`ly for that reason). After a restart
 * of the backend a roll-out is reported on again from its next traffic
 * shift (or the next poll while its new version comes up); an analysis
 * that falls in that gap finds no fresh numbers, which the backend judges
 * inconclusive and pauses the roll-out for a person.
 */
export class DemoTraffic implements RolloutOperations {
  private readonly active = new Map<
    string,
    { request: DeploymentRequest; weight: number }
  >();
  private readonly ended = new Set<string>();
  private reporter?: DeploymentHealthReporter;

  constructor(
    private readonly options: {
      misbehaving: MisbehavingVersion[];
      /** The backend's reporter; asked for lazily, once the backend runs. */
      healthReporter?: () => DeploymentHealthReporter;
      logger?: LoggerService;
      now?: () => Date;
    },
  ) {}

  /** The weight a deployment's new version has, while its roll-out lasts. */
  weightOf(deploymentId: string): number | undefined {
    return this.active.get(deploymentId)?.weight;
  }

  /** The deployments whose roll-out is reported on. */
  activeDeployments(): string[] {
    return [...this.active.keys()];
  }

  /**
   * Takes up a roll-out the backend started or still polls: its new version
   * runs beside the baseline without traffic. One that ended is left alone.
   */
  track(request: DeploymentRequest): void {
    if (!request.rollout) return;
    const { deploymentId } = request;
    if (this.active.has(deploymentId) || this.ended.has(deploymentId)) return;
    this.active.set(deploymentId, { request, weight: 0 });
  }

  async setWeight(request: DeploymentRequest, weight: number): Promise<void> {
    if (!Number.isFinite(weight) || weight < 0 || weight > 100) {
      throw new Error(`A weight is a percentage, 0 to 100 (got ${weight})`);
    }
    await this.shift(request, weight);
  }

  async switchTraffic(request: DeploymentRequest): Promise<void> {
    await this.shift(request, 100);
  }

  async abort(request: DeploymentRequest): Promise<void> {
    this.end(request.deploymentId);
  }

  /** Reports the health of every roll-out in progress (the scheduled task). */
  async reportActive(): Promise<void> {
    await Promise.all(
      [...this.active.values()].map(({ request, weight }) =>
        this.report(request, weight),
      ),
    );
  }

  private async shift(request: DeploymentRequest, weight: number) {
    const { deploymentId } = request;
    this.ended.delete(deploymentId);
    this.active.set(deploymentId, { request, weight });
    if (weight >= 100) this.end(deploymentId);
    // Reported at once, and then every few seconds: the analysis measures
    // an interval after the step began, from numbers pushed since. A report
    // that fails only warns; the traffic has shifted all the same.
    await this.report(request, weight);
  }

  private end(deploymentId: string) {
    this.active.delete(deploymentId);
    this.ended.add(deploymentId);
    if (this.ended.size > REMEMBERED_ENDS) {
      this.ended.delete(this.ended.values().next().value!);
    }
  }

  private async report(
    request: DeploymentRequest,
    weight: number,
  ): Promise<void> {
    const samples = demoHealthSamples(request, {
      misbehaving: misbehaves(this.options.misbehaving, request, weight),
      at: this.options.now?.() ?? new Date(),
    });
    try {
      this.reporter ??= this.options.healthReporter?.();
      if (!this.reporter) return;
      await this.reporter.report(request.deploymentId, samples);
    } catch (error) {
      const name = (error as Error)?.name;
      if (name === 'NotFoundError' || name === 'ConflictError') {
        // The deployment is over (or unknown to this backend): stop.
        this.end(request.deploymentId);
        return;
      }
      this.options.logger?.warn(
        `Could not report the demo health of deployment ${
          request.deploymentId
        }: ${(error as Error)?.message ?? error}`,
      );
    }
  }
}
