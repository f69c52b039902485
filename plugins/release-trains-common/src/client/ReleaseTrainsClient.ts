import { ResponseError } from '@backstage/errors';
import {
  ApprovalDecision,
  Change,
  ChangeQuery,
  ChangeSearchResult,
  DependencyGraph,
  DependencyGraphQuery,
  Deployment,
  DeploymentDetails,
  DeploymentFilter,
  DeploymentPage,
  PipelineSummary,
  PipelineView,
  PromotionCheck,
  PromotionRequest,
  RecordDeploymentRequest,
  RegisteredService,
  RegisterServiceRequest,
  RollbackRequest,
  Train,
  TrainDeparture,
  TrainRun,
  TrainRunManifest,
  VersionRequirement,
} from '../types';

/** Query string of the given parameters, leaving out absent ones. */
function toQuery(
  params: Record<string, string | number | boolean | undefined>,
): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') {
      query.set(key, String(value));
    }
  }
  return query.toString();
}

/**
 * Options each call accepts; backend callers pass a plugin request token.
 *
 * @public
 */
export type ReleaseTrainsRequestOptions = {
  token?: string;
};

/**
 * The Release Trains HTTP API, as seen by its callers.
 *
 * @public
 */
export interface ReleaseTrainsApi {
  getPipeline(
    service: string,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<PipelineView>;
  listDeployments(
    request: DeploymentFilter & {
      service: string;
      cursor?: string;
      limit?: number;
    },
    options?: ReleaseTrainsRequestOptions,
  ): Promise<DeploymentPage>;
  findChanges(
    query: ChangeQuery & { limit?: number },
    options?: ReleaseTrainsRequestOptions,
  ): Promise<ChangeSearchResult>;
  recordDeployment(
    request: RecordDeploymentRequest,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<Deployment>;
  checkPromotion(
    request: Omit<PromotionRequest, 'reason'>,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<PromotionCheck>;
  changesBetween(
    request: { service: string; from?: string; to: string },
    options?: ReleaseTrainsRequestOptions,
  ): Promise<{ items: Change[] }>;
  promote(
    request: PromotionRequest,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<DeploymentDetails>;
  rollback(
    request: RollbackRequest,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<DeploymentDetails>;
  getDeployment(
    id: string,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<DeploymentDetails>;
  decideApproval(
    id: string,
    decision: { decision: ApprovalDecision; comment?: string },
    options?: ReleaseTrainsRequestOptions,
  ): Promise<DeploymentDetails>;
  listPipelines(
    options?: ReleaseTrainsRequestOptions,
  ): Promise<{ items: PipelineSummary[] }>;
  registerService(
    request: RegisterServiceRequest,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<RegisteredService>;
  listTrains(
    options?: ReleaseTrainsRequestOptions,
  ): Promise<{ items: Train[] }>;
  listDepartures(
    request: { train?: string; from?: string; to?: string },
    options?: ReleaseTrainsRequestOptions,
  ): Promise<{ items: TrainDeparture[] }>;
  listTrainRuns(
    request: { train?: string; before?: string; limit?: number },
    options?: ReleaseTrainsRequestOptions,
  ): Promise<{ items: TrainRun[] }>;
  getTrainRun(
    id: string,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<TrainRunManifest>;
  getDependencyGraph(
    query: DependencyGraphQuery,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<DependencyGraph>;
  setRequirement(
    requirement: VersionRequirement,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<VersionRequirement & { changed: boolean }>;
  removeRequirement(
    requirement: Omit<VersionRequirement, 'range'>,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<void>;
}

/**
 * A typed client for the Release Trains backend, usable from the browser
 * (discovery and fetch APIs) and from other backend plugins (discovery
 * service and a plugin request token).
 *
 * @public
 */
export class ReleaseTrainsClient implements ReleaseTrainsApi {
  private readonly discoveryApi: {
    getBaseUrl(pluginId: string): Promise<string>;
  };
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: {
    discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
    fetchApi?: { fetch: typeof fetch };
  }) {
    this.discoveryApi = options.discoveryApi;
    // Looked up per call so that a fetch patched later (tests, tracing) is used.
    this.fetchApi = options.fetchApi ?? {
      fetch: (input, init) => globalThis.fetch(input, init),
    };
  }

  async getPipeline(
    service: string,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<PipelineView> {
    return this.request(
      `/pipeline?${new URLSearchParams({ service })}`,
      { method: 'GET' },
      options,
    );
  }

  async listDeployments(
    request: DeploymentFilter & {
      service: string;
      cursor?: string;
      limit?: number;
    },
    options?: ReleaseTrainsRequestOptions,
  ): Promise<DeploymentPage> {
    return this.request(
      `/deployments?${toQuery(request)}`,
      { method: 'GET' },
      options,
    );
  }

  async findChanges(
    query: ChangeQuery & { limit?: number },
    options?: ReleaseTrainsRequestOptions,
  ): Promise<ChangeSearchResult> {
    return this.request(
      `/changes?${toQuery(query)}`,
      { method: 'GET' },
      options,
    );
  }

  async recordDeployment(
    request: RecordDeploymentRequest,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<Deployment> {
    return this.post('/deployments', request, options);
  }

  async checkPromotion(
    request: Omit<PromotionRequest, 'reason'>,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<PromotionCheck> {
    return this.request(
      `/promotions/check?${toQuery(request)}`,
      { method: 'GET' },
      options,
    );
  }

  async changesBetween(
    request: { service: string; from?: string; to: string },
    options?: ReleaseTrainsRequestOptions,
  ): Promise<{ items: Change[] }> {
    return this.request(
      `/changes/between?${toQuery(request)}`,
      { method: 'GET' },
      options,
    );
  }

  async promote(
    request: PromotionRequest,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<DeploymentDetails> {
    return this.post('/promotions', request, options);
  }

  async rollback(
    request: RollbackRequest,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<DeploymentDetails> {
    return this.post('/rollbacks', request, options);
  }

  async getDeployment(
    id: string,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<DeploymentDetails> {
    return this.request(
      `/deployments/${encodeURIComponent(id)}`,
      { method: 'GET' },
      options,
    );
  }

  async decideApproval(
    id: string,
    decision: { decision: ApprovalDecision; comment?: string },
    options?: ReleaseTrainsRequestOptions,
  ): Promise<DeploymentDetails> {
    return this.post(
      `/deployments/${encodeURIComponent(id)}/approvals`,
      decision,
      options,
    );
  }

  async listTrains(
    options?: ReleaseTrainsRequestOptions,
  ): Promise<{ items: Train[] }> {
    return this.request('/trains', { method: 'GET' }, options);
  }

  async listPipelines(
    options?: ReleaseTrainsRequestOptions,
  ): Promise<{ items: PipelineSummary[] }> {
    return this.request('/pipelines', { method: 'GET' }, options);
  }

  async registerService(
    request: RegisterServiceRequest,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<RegisteredService> {
    return this.post('/services', request, options);
  }

  async listDepartures(
    request: { train?: string; from?: string; to?: string },
    options?: ReleaseTrainsRequestOptions,
  ): Promise<{ items: TrainDeparture[] }> {
    return this.request(
      `/trains/departures?${toQuery(request)}`,
      { method: 'GET' },
      options,
    );
  }

  async listTrainRuns(
    request: { train?: string; before?: string; limit?: number },
    options?: ReleaseTrainsRequestOptions,
  ): Promise<{ items: TrainRun[] }> {
    return this.request(
      `/trains/runs?${toQuery(request)}`,
      { method: 'GET' },
      options,
    );
  }

  async getTrainRun(
    id: string,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<TrainRunManifest> {
    return this.request(
      `/trains/runs/${encodeURIComponent(id)}`,
      { method: 'GET' },
      options,
    );
  }

  async getDependencyGraph(
    query: DependencyGraphQuery,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<DependencyGraph> {
    return this.request(`/graph?${toQuery(query)}`, { method: 'GET' }, options);
  }

  async setRequirement(
    requirement: VersionRequirement,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<VersionRequirement & { changed: boolean }> {
    return this.request(
      '/requirements',
      {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(requirement),
      },
      options,
    );
  }

  async removeRequirement(
    requirement: Omit<VersionRequirement, 'range'>,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<void> {
    await this.request(
      `/requirements?${toQuery(requirement)}`,
      { method: 'DELETE' },
      options,
    );
  }

  private async post<T>(
    path: string,
    body: unknown,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<T> {
    return this.request(
      path,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      },
      options,
    );
  }

  private async request<T>(
    path: string,
    init: RequestInit,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('release-trains');
    const headers = new Headers(init.headers);
    if (options?.token) {
      headers.set('Authorization', `Bearer ${options.token}`);
    }
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      ...init,
      headers,
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (response.status === 204 ? undefined : await response.json()) as T;
  }
}
