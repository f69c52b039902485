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
  ComplianceQuery,
  ComplianceReport,
  DoraQuery,
  DoraReport,
  DoraTeamsQuery,
  DoraTeamsReport,
  DriftReport,
  InsightsScope,
  LagQuery,
  LagReport,
  PipelineSummary,
  PipelineView,
  PromotionCheck,
  PromotionRequest,
  RecordDeploymentRequest,
  RegisteredService,
  RegisterServiceRequest,
  ResolveDeploymentRequest,
  RollbackRehearsal,
  RollbackRequest,
  Rollout,
  Train,
  TrainDeparture,
  TrainDeparturePreview,
  TrainRun,
  TrainRunManifest,
  VersionRequirement,
} from '../types';
import { DefaultApiClient, TypedResponse } from '../schema/openapi/generated';
import type {
  ReleaseTrainsApi,
  ReleaseTrainsRequestOptions,
} from './ReleaseTrainsApi';

/** The answer, unless it is an error: then a ResponseError carrying it. */
async function ok<T>(
  answer: Promise<TypedResponse<T>>,
): Promise<TypedResponse<T>> {
  const response = await answer;
  if (!response.ok) {
    throw await ResponseError.fromResponse(response);
  }
  return response;
}

/** The body of a successful answer. */
async function bodyOf<T>(answer: Promise<TypedResponse<T>>): Promise<T> {
  return (await ok(answer)).json();
}

/**
 * A typed client for the Release Trains backend, usable from the browser
 * (discovery and fetch APIs) and from other backend plugins (discovery
 * service and a plugin request token).
 *
 * Each method calls the client generated from the OpenAPI spec and answers
 * its model as the domain type, so the two cannot drift apart unnoticed.
 *
 * @public
 */
export class ReleaseTrainsClient implements ReleaseTrainsApi {
  private readonly api: DefaultApiClient;

  constructor(options: {
    discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
    fetchApi?: { fetch: typeof fetch };
  }) {
    this.api = new DefaultApiClient(options);
  }

  async getPipeline(
    service: string,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<PipelineView> {
    return bodyOf(this.api.getPipeline({ query: { service } }, options));
  }

  async listDeployments(
    request: DeploymentFilter &
      InsightsScope & {
        cursor?: string;
        limit?: number;
      },
    options?: ReleaseTrainsRequestOptions,
  ): Promise<DeploymentPage> {
    return bodyOf(this.api.listDeployments({ query: request }, options));
  }

  async findChanges(
    query: ChangeQuery & { limit?: number },
    options?: ReleaseTrainsRequestOptions,
  ): Promise<ChangeSearchResult> {
    return bodyOf(this.api.findChanges({ query }, options));
  }

  async recordDeployment(
    request: RecordDeploymentRequest,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<Deployment> {
    return bodyOf(this.api.recordDeployment({ body: request }, options));
  }

  async checkPromotion(
    request: Omit<PromotionRequest, 'reason'>,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<PromotionCheck> {
    return bodyOf(this.api.checkPromotion({ query: request }, options));
  }

  async changesBetween(
    request: { service: string; from?: string; to: string },
    options?: ReleaseTrainsRequestOptions,
  ): Promise<{ items: Change[] }> {
    return bodyOf(this.api.listChangesBetween({ query: request }, options));
  }

  async promote(
    request: PromotionRequest,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<DeploymentDetails> {
    return bodyOf(this.api.promote({ body: request }, options));
  }

  async rollback(
    request: RollbackRequest,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<DeploymentDetails> {
    return bodyOf(this.api.rollback({ body: request }, options));
  }

  async getDeployment(
    id: string,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<DeploymentDetails> {
    return bodyOf(this.api.getDeployment({ path: { id } }, options));
  }

  async decideApproval(
    id: string,
    decision: { decision: ApprovalDecision; comment?: string },
    options?: ReleaseTrainsRequestOptions,
  ): Promise<DeploymentDetails> {
    return bodyOf(
      this.api.decideApproval({ path: { id }, body: decision }, options),
    );
  }

  async cancelDeployment(
    id: string,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<DeploymentDetails> {
    return bodyOf(this.api.cancelDeployment({ path: { id } }, options));
  }

  async resolveDeployment(
    id: string,
    resolution: ResolveDeploymentRequest,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<DeploymentDetails> {
    return bodyOf(
      this.api.resolveDeployment({ path: { id }, body: resolution }, options),
    );
  }

  async listTrains(
    options?: ReleaseTrainsRequestOptions,
  ): Promise<{ items: Train[] }> {
    return bodyOf(this.api.listTrains({}, options));
  }

  async listPipelines(
    options?: ReleaseTrainsRequestOptions,
  ): Promise<{ items: PipelineSummary[] }> {
    return bodyOf(this.api.listPipelines({}, options));
  }

  async registerService(
    request: RegisterServiceRequest,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<RegisteredService> {
    return bodyOf(this.api.registerService({ body: request }, options));
  }

  async listDepartures(
    request: { train?: string; from?: string; to?: string },
    options?: ReleaseTrainsRequestOptions,
  ): Promise<{ items: TrainDeparture[] }> {
    return bodyOf(this.api.listDepartures({ query: request }, options));
  }

  async listTrainRuns(
    request: { train?: string; before?: string; limit?: number },
    options?: ReleaseTrainsRequestOptions,
  ): Promise<{ items: TrainRun[] }> {
    return bodyOf(this.api.listTrainRuns({ query: request }, options));
  }

  async getTrainRun(
    id: string,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<TrainRunManifest> {
    return bodyOf(this.api.getTrainRun({ path: { id } }, options));
  }

  async previewDeparture(
    train: string,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<TrainDeparturePreview> {
    return bodyOf(
      this.api.previewDeparture({ path: { name: train } }, options),
    );
  }

  async getTrainCalendar(
    train: string,
    query?: { weeks?: number },
    options?: ReleaseTrainsRequestOptions,
  ): Promise<string> {
    const response = await ok(
      this.api.getTrainCalendar({ path: { name: train }, query }, options),
    );
    return response.text();
  }

  async getDependencyGraph(
    query: DependencyGraphQuery,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<DependencyGraph> {
    return bodyOf(this.api.getDependencyGraph({ query }, options));
  }

  async getDoraReport(
    query: DoraQuery,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<DoraReport> {
    return bodyOf(this.api.getDoraMetrics({ query }, options));
  }

  async getDoraTeams(
    query: DoraTeamsQuery,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<DoraTeamsReport> {
    return bodyOf(this.api.getDoraTeams({ query }, options));
  }

  async getLagReport(
    query: LagQuery,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<LagReport> {
    return bodyOf(this.api.getLagReport({ query }, options));
  }

  async getComplianceReport(
    query: ComplianceQuery,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<ComplianceReport> {
    return bodyOf(this.api.getComplianceReport({ query }, options));
  }

  async getDriftReport(
    query: InsightsScope,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<DriftReport> {
    return bodyOf(this.api.getDriftReport({ query }, options));
  }

  async setRequirement(
    requirement: VersionRequirement,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<VersionRequirement & { changed: boolean }> {
    return bodyOf(this.api.setRequirement({ body: requirement }, options));
  }

  async removeRequirement(
    requirement: Omit<VersionRequirement, 'range'>,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<void> {
    await ok(this.api.removeRequirement({ query: requirement }, options));
  }

  async getRollout(
    id: string,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<Rollout> {
    return bodyOf(this.api.getRollout({ path: { id } }, options));
  }

  async resumeRollout(
    id: string,
    body: { reason?: string },
    options?: ReleaseTrainsRequestOptions,
  ): Promise<Rollout> {
    return bodyOf(this.api.resumeRollout({ path: { id }, body }, options));
  }

  async abortRollout(
    id: string,
    body: { reason: string },
    options?: ReleaseTrainsRequestOptions,
  ): Promise<Rollout> {
    return bodyOf(this.api.abortRollout({ path: { id }, body }, options));
  }

  async listRehearsals(
    query: { service: string; version?: string; limit?: number },
    options?: ReleaseTrainsRequestOptions,
  ): Promise<{ items: RollbackRehearsal[] }> {
    return bodyOf(this.api.listRehearsals({ query }, options));
  }

  async rehearseRollback(
    body: { service: string; stage: string; version?: string },
    options?: ReleaseTrainsRequestOptions,
  ): Promise<RollbackRehearsal> {
    return bodyOf(this.api.rehearseRollback({ body }, options));
  }
}
