import type {
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
    request: DeploymentFilter &
      InsightsScope & {
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
  /** Withdraws a request awaiting approval (its requester or an owner). */
  cancelDeployment(
    id: string,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<DeploymentDetails>;
  resolveDeployment(
    id: string,
    resolution: ResolveDeploymentRequest,
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
  /**
   * What the train's next departure would carry if it left now, among the
   * services the caller may read; a 404 ResponseError for an unknown train.
   */
  previewDeparture(
    train: string,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<TrainDeparturePreview>;
  /**
   * The train's departures of the next `weeks` (default 8, at most 26) as
   * iCalendar text, to save as an .ics file.
   */
  getTrainCalendar(
    train: string,
    query?: { weeks?: number },
    options?: ReleaseTrainsRequestOptions,
  ): Promise<string>;
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
  getDoraReport(
    query: DoraQuery,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<DoraReport>;
  getDoraTeams(
    query: DoraTeamsQuery,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<DoraTeamsReport>;
  getLagReport(
    query: LagQuery,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<LagReport>;
  getComplianceReport(
    query: ComplianceQuery,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<ComplianceReport>;
  getDriftReport(
    query: InsightsScope,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<DriftReport>;
  /** A deployment's progressive roll-out; a 404 ResponseError for a rolling stage. */
  getRollout(
    id: string,
    options?: ReleaseTrainsRequestOptions,
  ): Promise<Rollout>;
  /** Continues a paused roll-out (promote permission; 409 unless paused). */
  resumeRollout(
    id: string,
    body: { reason?: string },
    options?: ReleaseTrainsRequestOptions,
  ): Promise<Rollout>;
  /**
   * Aborts a roll-out and rolls the stage back to the baseline, holding it
   * (rollback permission; 409 unless stepping or paused).
   */
  abortRollout(
    id: string,
    body: { reason: string },
    options?: ReleaseTrainsRequestOptions,
  ): Promise<Rollout>;
  /** The rollback rehearsals of a service, newest first. */
  listRehearsals(
    query: { service: string; version?: string; limit?: number },
    options?: ReleaseTrainsRequestOptions,
  ): Promise<{ items: RollbackRehearsal[] }>;
  /**
   * Rehearses the rollback of a version (the stage's, by default) in a stage
   * before the last: deploys it, rolls back to the one before and deploys it
   * again (promote and rollback permission; 409 in the last stage, while one
   * runs, or with nothing to roll back to).
   */
  rehearseRollback(
    body: { service: string; stage: string; version?: string },
    options?: ReleaseTrainsRequestOptions,
  ): Promise<RollbackRehearsal>;
}
