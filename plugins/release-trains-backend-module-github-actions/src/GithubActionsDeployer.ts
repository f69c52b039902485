import { Config } from '@backstage/config';
import { ResponseError } from '@backstage/errors';
import {
  DEFAULT_DEPLOYER_TIMEOUT_MS,
  DeployerStatus,
  DeploymentRequest,
  fetchWithRetry,
  readDeployerTimeoutMs,
  ReleaseTrainsDeployer,
} from '@release-trains/plugin-release-trains-node';

/** The parts of a workflow run this deployer reads. */
type WorkflowRun = {
  id: number;
  display_title: string;
  status: string;
  conclusion: string | null;
  html_url: string;
};

/**
 * Runs a GitHub Actions workflow per deployment (workflow_dispatch with the
 * inputs deployment_id, service, stage, version and kind) and follows its
 * run. The workflow must name its runs after the deployment, so that the run
 * can be found again: `run-name: Release Trains ${{ inputs.deployment_id }}`.
 *
 * @public
 */
export class GithubActionsDeployer implements ReleaseTrainsDeployer {
  readonly id = 'github-actions';

  static fromConfig(config: Config): GithubActionsDeployer | undefined {
    const gha = config.getOptionalConfig(
      'releaseTrains.deployers.githubActions',
    );
    if (!gha) {
      return undefined;
    }
    const repository = gha.getString('repository');
    if (!/^[\w.-]+\/[\w.-]+$/.test(repository)) {
      throw new Error(
        `releaseTrains.deployers.githubActions.repository must be owner/repo, not '${repository}'`,
      );
    }
    return new GithubActionsDeployer({
      repository,
      workflow: gha.getString('workflow'),
      ref: gha.getOptionalString('ref') ?? 'main',
      token: gha.getString('token'),
      apiBaseUrl: (
        gha.getOptionalString('apiBaseUrl') ?? 'https://api.github.com'
      ).replace(/\/$/, ''),
      timeoutMs: readDeployerTimeoutMs(gha),
    });
  }

  constructor(
    private readonly options: {
      repository: string;
      workflow: string;
      ref: string;
      token: string;
      apiBaseUrl: string;
      /** How long each call may take; 10 seconds by default. */
      timeoutMs?: number;
    },
  ) {}

  async start(request: DeploymentRequest): Promise<DeployerStatus> {
    await this.call('/dispatches', {
      method: 'POST',
      body: JSON.stringify({
        ref: this.options.ref,
        inputs: {
          deployment_id: request.deploymentId,
          service: request.service,
          stage: request.stage,
          version: request.version,
          kind: request.kind,
        },
      }),
    });
    return { state: 'in-progress', message: 'Workflow dispatched' };
  }

  async status(request: DeploymentRequest): Promise<DeployerStatus> {
    // Runs created since the deployment started, newest first.
    const created = `>=${request.startedAt.replace(/\.\d{3}Z$/, 'Z')}`;
    const response = await this.call(
      `/runs?event=workflow_dispatch&per_page=100&created=${encodeURIComponent(
        created,
      )}`,
      { method: 'GET' },
    );
    const { workflow_runs: runs } = (await response.json()) as {
      workflow_runs: WorkflowRun[];
    };
    const run = runs.find(r => r.display_title.includes(request.deploymentId));
    if (!run) {
      return { state: 'in-progress', message: 'Waiting for the run to start' };
    }
    if (run.status !== 'completed') {
      return {
        state: 'in-progress',
        message: `Run ${run.status}: ${run.html_url}`,
      };
    }
    return run.conclusion === 'success'
      ? { state: 'succeeded', message: `Run succeeded: ${run.html_url}` }
      : {
          state: 'failed',
          message: `Run ${run.conclusion ?? 'ended'}: ${run.html_url}`,
        };
  }

  private async call(path: string, init: RequestInit): Promise<Response> {
    const { apiBaseUrl, repository, workflow, token, timeoutMs } = this.options;
    // Reads are retried; a dispatch is not (GitHub would run it twice).
    const response = await fetchWithRetry(
      `${apiBaseUrl}/repos/${repository}/actions/workflows/${encodeURIComponent(
        workflow,
      )}${path}`,
      {
        ...init,
        headers: {
          Accept: 'application/vnd.github+json',
          Authorization: `Bearer ${token}`,
          'X-GitHub-Api-Version': '2022-11-28',
          ...(init.body && { 'Content-Type': 'application/json' }),
        },
      },
      { timeoutMs: timeoutMs ?? DEFAULT_DEPLOYER_TIMEOUT_MS },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}
