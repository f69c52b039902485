// Generated from plugins/release-trains-backend/src/schema/openapi.yaml
// by `yarn generate:openapi` (scripts/generate-openapi.mjs): do not edit.

import { pluginId } from '../pluginId';
import type { AbortRolloutRequest } from '../models/AbortRolloutRequest.model';
import type { ApprovalRequest } from '../models/ApprovalRequest.model';
import type { ChangeList } from '../models/ChangeList.model';
import type { ChangeSearchResult } from '../models/ChangeSearchResult.model';
import type { ComplianceReport } from '../models/ComplianceReport.model';
import type { DependencyGraph } from '../models/DependencyGraph.model';
import type { Deployment } from '../models/Deployment.model';
import type { DeploymentDetails } from '../models/DeploymentDetails.model';
import type { DeploymentKind } from '../models/DeploymentKind.model';
import type { DeploymentOutcome } from '../models/DeploymentOutcome.model';
import type { DeploymentPage } from '../models/DeploymentPage.model';
import type { DeploymentState } from '../models/DeploymentState.model';
import type { DoraReport } from '../models/DoraReport.model';
import type { DoraTeamsReport } from '../models/DoraTeamsReport.model';
import type { DriftReport } from '../models/DriftReport.model';
import type { HealthReport } from '../models/HealthReport.model';
import type { IngestionBatch } from '../models/IngestionBatch.model';
import type { IngestionEvent } from '../models/IngestionEvent.model';
import type { IngestionResult } from '../models/IngestionResult.model';
import type { LagReport } from '../models/LagReport.model';
import type { Name } from '../models/Name.model';
import type { PipelineList } from '../models/PipelineList.model';
import type { PipelineView } from '../models/PipelineView.model';
import type { PromotionCheck } from '../models/PromotionCheck.model';
import type { PromotionRequest } from '../models/PromotionRequest.model';
import type { RecordDeploymentRequest } from '../models/RecordDeploymentRequest.model';
import type { RegisterServiceRequest } from '../models/RegisterServiceRequest.model';
import type { RegisteredService } from '../models/RegisteredService.model';
import type { RehearsalRequest } from '../models/RehearsalRequest.model';
import type { ResolveRequest } from '../models/ResolveRequest.model';
import type { ResumeRolloutRequest } from '../models/ResumeRolloutRequest.model';
import type { RollbackRehearsal } from '../models/RollbackRehearsal.model';
import type { RollbackRequest } from '../models/RollbackRequest.model';
import type { Rollout } from '../models/Rollout.model';
import type { ServiceRef } from '../models/ServiceRef.model';
import type { TrainDepartureList } from '../models/TrainDepartureList.model';
import type { TrainDeparturePreview } from '../models/TrainDeparturePreview.model';
import type { TrainList } from '../models/TrainList.model';
import type { TrainRunList } from '../models/TrainRunList.model';
import type { TrainRunManifest } from '../models/TrainRunManifest.model';
import type { Version } from '../models/Version.model';
import type { VersionRequirement } from '../models/VersionRequirement.model';
import type { VersionRequirementResult } from '../models/VersionRequirementResult.model';

/**
 * A Response whose `json()` gives the answer's model.
 *
 * @public
 */
export type TypedResponse<T> = Omit<Response, 'json'> & {
  json: () => Promise<T>;
};

/**
 * What any call may add: a token to call with, from another backend plugin.
 *
 * @public
 */
export interface RequestOptions {
  token?: string;
}

/**
 * @public
 */
export type GetPipeline = {
  query: {
    /**
     * Entity ref of the service; a bare name means component:default/<name>.
     */
    service: string;
  };
};

/**
 * @public
 */
export type ListDeployments = {
  query?: {
    /**
     * Entity ref of the service; a bare name means component:default/<name>.
     */
    service?: string;
    owner?: string;
    system?: string;
    stage?: Name;
    /**
     * Only deployments into each service's last stage, the one the delivery
     * insights count (not with `stage`).
     */
    lastStage?: boolean;
    state?: DeploymentState;
    /**
     * `ran`: the deployments that put their version into the stage (succeeded, or
     * succeeded and rolled back later); `failure`: those that failed or were
     * rolled back.
     */
    outcome?: DeploymentOutcome;
    kind?: DeploymentKind;
    /**
     * Only deployments that did (true) or did not (false) pass their stage's gate.
     */
    ungated?: boolean;
    /**
     * Only deployments asked for by this person: an entity ref; a bare name means
     * user:default/<name>.
     */
    createdBy?: string;
    /**
     * Deployments created at or after this time.
     */
    from?: string;
    /**
     * Deployments created before this time.
     */
    to?: string;
    /**
     * Deployments that finished at or after this time (not those still running),
     * as the delivery insights count them.
     */
    finishedFrom?: string;
    /**
     * Deployments that finished before this time; not before `finishedFrom`.
     */
    finishedTo?: string;
    /**
     * The nextCursor of the previous page.
     */
    cursor?: string;
    limit?: number;
  };
};

/**
 * @public
 */
export type RecordDeployment = {
  body: RecordDeploymentRequest;
};

/**
 * @public
 */
export type Promote = {
  body: PromotionRequest;
};

/**
 * @public
 */
export type CheckPromotion = {
  query: {
    /**
     * Entity ref of the service; a bare name means component:default/<name>.
     */
    service: string;
    version: Version;
    stage?: Name;
  };
};

/**
 * @public
 */
export type Rollback = {
  body: RollbackRequest;
};

/**
 * @public
 */
export type GetDeployment = {
  path: {
    /**
     * The ledger's id of the deployment.
     */
    id: string;
  };
};

/**
 * @public
 */
export type DecideApproval = {
  path: {
    /**
     * The ledger's id of the deployment.
     */
    id: string;
  };
  body: ApprovalRequest;
};

/**
 * @public
 */
export type CancelDeployment = {
  path: {
    /**
     * The ledger's id of the deployment.
     */
    id: string;
  };
};

/**
 * @public
 */
export type ResolveDeployment = {
  path: {
    /**
     * The ledger's id of the deployment.
     */
    id: string;
  };
  body: ResolveRequest;
};

/**
 * @public
 */
export type GetRollout = {
  path: {
    /**
     * The ledger's id of the deployment.
     */
    id: string;
  };
};

/**
 * @public
 */
export type ResumeRollout = {
  path: {
    /**
     * The ledger's id of the deployment.
     */
    id: string;
  };
  body?: ResumeRolloutRequest;
};

/**
 * @public
 */
export type AbortRollout = {
  path: {
    /**
     * The ledger's id of the deployment.
     */
    id: string;
  };
  body: AbortRolloutRequest;
};

/**
 * @public
 */
export type ReportHealth = {
  path: {
    /**
     * The ledger's id of the deployment.
     */
    id: string;
  };
  header: {
    'X-Release-Trains-Delivery': string;
    'X-Release-Trains-Source'?: string;
    'X-Release-Trains-Signature'?: string;
  };
  body: HealthReport;
};

/**
 * @public
 */
export type ListRehearsals = {
  query: {
    service: ServiceRef;
    version?: Version;
    limit?: number;
  };
};

/**
 * @public
 */
export type RehearseRollback = {
  body: RehearsalRequest;
};

/**
 * @public
 */
export type ListChangesBetween = {
  query: {
    /**
     * Entity ref of the service; a bare name means component:default/<name>.
     */
    service: string;
    from?: Version;
    to: Version;
  };
};

/**
 * @public
 */
export type ListTrains = Record<string, never>;

/**
 * @public
 */
export type ListDepartures = {
  query?: {
    /**
     * A train's name; without it, every train's.
     */
    train?: Name;
    from?: string;
    to?: string;
  };
};

/**
 * @public
 */
export type ListTrainRuns = {
  query?: {
    /**
     * A train's name; without it, every train's.
     */
    train?: Name;
    before?: string;
    limit?: number;
  };
};

/**
 * @public
 */
export type GetTrainRun = {
  path: {
    /**
     * The id of the train run.
     */
    id: string;
  };
};

/**
 * @public
 */
export type GetTrainCalendar = {
  path: {
    /**
     * The train's name.
     */
    name: Name;
  };
  query?: {
    /**
     * How many weeks ahead, from now.
     */
    weeks?: number;
  };
};

/**
 * @public
 */
export type PreviewDeparture = {
  path: {
    /**
     * The train's name.
     */
    name: Name;
  };
};

/**
 * @public
 */
export type GetDependencyGraph = {
  query: {
    stage: Name;
    service?: string;
    depth?: number;
    owner?: string;
    system?: string;
    violations?: boolean;
  };
};

/**
 * @public
 */
export type GetDoraMetrics = {
  query?: {
    service?: string;
    owner?: string;
    system?: string;
    from?: string;
    to?: string;
    bucket?: 'day' | 'week' | 'month';
    timeZone?: string;
  };
};

/**
 * @public
 */
export type GetDoraTeams = {
  query?: {
    system?: string;
    from?: string;
    to?: string;
  };
};

/**
 * @public
 */
export type GetLagReport = {
  query?: {
    service?: string;
    owner?: string;
    system?: string;
    weeks?: number;
  };
};

/**
 * @public
 */
export type GetComplianceReport = {
  query?: {
    service?: string;
    owner?: string;
    system?: string;
    from?: string;
    to?: string;
  };
};

/**
 * @public
 */
export type GetDriftReport = {
  query?: {
    service?: string;
    owner?: string;
    system?: string;
  };
};

/**
 * @public
 */
export type SetRequirement = {
  body: VersionRequirement;
};

/**
 * @public
 */
export type RemoveRequirement = {
  query: {
    service: ServiceRef;
    dependency: ServiceRef;
  };
};

/**
 * @public
 */
export type ListPipelines = Record<string, never>;

/**
 * @public
 */
export type RegisterService = {
  body: RegisterServiceRequest;
};

/**
 * @public
 */
export type IngestEvents = {
  header: {
    'X-Release-Trains-Delivery': string;
    /**
     * The configured source whose secret signed the body.
     */
    'X-Release-Trains-Source'?: string;
    /**
     * t=<unix seconds>,sha256=<hex HMAC-SHA256 of "<t>.<delivery id>.<raw body>"
     * with the source's secret>; refused outside the tolerance window (default 5
     * minutes).
     */
    'X-Release-Trains-Signature'?: string;
  };
  body: IngestionEvent | IngestionBatch;
};

/**
 * @public
 */
export type FindChanges = {
  query?: {
    sha?: string;
    pr?: number;
    author?: string;
    issue?: string;
    service?: string;
    limit?: number;
  };
};

/** The query string of the parameters; empty ones count as absent. */
function queryString(
  query: Record<string, string | number | boolean | undefined> = {},
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The header parameters that are set. */
function headersOf(
  header: Record<string, string | undefined>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(header).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
}

/**
 * A client for the release-trains API.
 *
 * @public
 */
export class DefaultApiClient {
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

  /**
   * Each stage of a service's pipeline, in order, with what it runs and what
   * waits to enter it.
   */
  public async getPipeline(
    request: GetPipeline,
    options?: RequestOptions,
  ): Promise<TypedResponse<PipelineView>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(
      `${baseUrl}/pipeline${queryString(request.query)}`,
      {
        method: 'GET',
        headers: {
          ...(options?.token && { Authorization: `Bearer ${options.token}` }),
        },
      },
    );
  }

  /**
   * The deploy history of a service, an owner's services, a system's, or every
   * service the reader may see (none of the three), newest first, a page at a
   * time. Services the reader may not see are left out; `service` names one or
   * answers 404. Owners' and systems' services are those on a pipeline at the
   * last catalog sync.
   */
  public async listDeployments(
    request: ListDeployments,
    options?: RequestOptions,
  ): Promise<TypedResponse<DeploymentPage>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(
      `${baseUrl}/deployments${queryString(request.query)}`,
      {
        method: 'GET',
        headers: {
          ...(options?.token && { Authorization: `Bearer ${options.token}` }),
        },
      },
    );
  }

  /**
   * Records, by hand, a finished deployment of a version CI built (404 for one
   * it did not) into a stage. Needs release-trains.deployment.create on the
   * service. Into a stage with approvals it is recorded as ungated: it did not
   * pass the gate.
   */
  public async recordDeployment(
    request: RecordDeployment,
    options?: RequestOptions,
  ): Promise<TypedResponse<Deployment>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(`${baseUrl}/deployments`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(options?.token && { Authorization: `Bearer ${options.token}` }),
      },
      body: JSON.stringify(request.body),
    });
  }

  /**
   * Asks for a version to enter a stage (by default the stage after the furthest
   * one it succeeded in). Answers the deployment, awaiting approval or in
   * progress; 409 names the gates that block, or the deployment already in
   * flight.
   */
  public async promote(
    request: Promote,
    options?: RequestOptions,
  ): Promise<TypedResponse<DeploymentDetails>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(`${baseUrl}/promotions`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(options?.token && { Authorization: `Bearer ${options.token}` }),
      },
      body: JSON.stringify(request.body),
    });
  }

  /**
   * What each gate says about promoting a version now.
   */
  public async checkPromotion(
    request: CheckPromotion,
    options?: RequestOptions,
  ): Promise<TypedResponse<PromotionCheck>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(
      `${baseUrl}/promotions/check${queryString(request.query)}`,
      {
        method: 'GET',
        headers: {
          ...(options?.token && { Authorization: `Bearer ${options.token}` }),
        },
      },
    );
  }

  /**
   * Rolls a stage back to an older version that ran there after passing its gate
   * and was not rolled back itself (by default the newest such) and holds the
   * stage; 409 says why another version cannot be.
   */
  public async rollback(
    request: Rollback,
    options?: RequestOptions,
  ): Promise<TypedResponse<DeploymentDetails>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(`${baseUrl}/rollbacks`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(options?.token && { Authorization: `Bearer ${options.token}` }),
      },
      body: JSON.stringify(request.body),
    });
  }

  /**
   * A deployment with its approvals.
   */
  public async getDeployment(
    request: GetDeployment,
    options?: RequestOptions,
  ): Promise<TypedResponse<DeploymentDetails>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(
      `${baseUrl}/deployments/${encodeURIComponent(request.path.id)}`,
      {
        method: 'GET',
        headers: {
          ...(options?.token && { Authorization: `Bearer ${options.token}` }),
        },
      },
    );
  }

  /**
   * Approves or rejects a deployment awaiting approval. Only a catalog user may
   * decide — a member of the stage's approver group when it names one — and
   * never the requester (403); a repeated decision changes nothing.
   */
  public async decideApproval(
    request: DecideApproval,
    options?: RequestOptions,
  ): Promise<TypedResponse<DeploymentDetails>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(
      `${baseUrl}/deployments/${encodeURIComponent(request.path.id)}/approvals`,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(options?.token && { Authorization: `Bearer ${options.token}` }),
        },
        body: JSON.stringify(request.body),
      },
    );
  }

  /**
   * Withdraws a request awaiting approval. Its requester may, and so may whoever
   * the policy allows to promote the service, its owners (403 otherwise); 409
   * unless it awaits approval. A cancelled deployment is answered as it is, so a
   * retry changes nothing.
   */
  public async cancelDeployment(
    request: CancelDeployment,
    options?: RequestOptions,
  ): Promise<TypedResponse<DeploymentDetails>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(
      `${baseUrl}/deployments/${encodeURIComponent(request.path.id)}/cancel`,
      {
        method: 'POST',
        headers: {
          ...(options?.token && { Authorization: `Bearer ${options.token}` }),
        },
      },
    );
  }

  /**
   * Settles a deployment whose outcome its deployer could not tell (`unknown`):
   * ask the deployer again (`retry-status`, back in progress until a new
   * deadline), or record what a person found out (`mark-failed`,
   * `mark-succeeded`). Needs the promote permission on the service, or the
   * rollback permission for a rollback (403); 409 unless the deployment is
   * unknown.
   */
  public async resolveDeployment(
    request: ResolveDeployment,
    options?: RequestOptions,
  ): Promise<TypedResponse<DeploymentDetails>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(
      `${baseUrl}/deployments/${encodeURIComponent(request.path.id)}/resolve`,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(options?.token && { Authorization: `Bearer ${options.token}` }),
        },
        body: JSON.stringify(request.body),
      },
    );
  }

  /**
   * The progressive roll-out of a deployment (canary or blue-green): its steps,
   * where it stands, the analysis' measurements and, when it was aborted, why
   * and how long after the breach the rollback started. 404 when the deployment
   * has none (its stage rolls out all at once).
   */
  public async getRollout(
    request: GetRollout,
    options?: RequestOptions,
  ): Promise<TypedResponse<Rollout>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(
      `${baseUrl}/deployments/${encodeURIComponent(request.path.id)}/rollout`,
      {
        method: 'GET',
        headers: {
          ...(options?.token && { Authorization: `Bearer ${options.token}` }),
        },
      },
    );
  }

  /**
   * Goes on with a paused roll-out: past a manual pause, or the analysis step
   * again from its start when it was inconclusive. Needs the promote permission
   * on the service (403); 409 unless paused.
   */
  public async resumeRollout(
    request: ResumeRollout,
    options?: RequestOptions,
  ): Promise<TypedResponse<Rollout>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(
      `${baseUrl}/deployments/${encodeURIComponent(
        request.path.id,
      )}/rollout/resume`,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(options?.token && { Authorization: `Bearer ${options.token}` }),
        },
        body: JSON.stringify(request.body),
      },
    );
  }

  /**
   * Aborts a roll-out and rolls the stage back to the version it ran before,
   * holding the stage. Needs the rollback permission on the service (403); 409
   * unless the roll-out steps or is paused.
   */
  public async abortRollout(
    request: AbortRollout,
    options?: RequestOptions,
  ): Promise<TypedResponse<Rollout>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(
      `${baseUrl}/deployments/${encodeURIComponent(
        request.path.id,
      )}/rollout/abort`,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(options?.token && { Authorization: `Bearer ${options.token}` }),
        },
        body: JSON.stringify(request.body),
      },
    );
  }

  /**
   * Health numbers of a deployment in progress, measured by the reporting
   * system, for stages whose analysis uses the `push` provider. Authenticated
   * like CI events: signed by a configured source (X-Release-Trains-Source,
   * -Delivery and -Signature headers) or a service token whose subject is a
   * source's; the source must report for the deployment's service (403). 404 for
   * an unknown deployment, 409 for one not in progress. The newest report of a
   * check counts; a retried delivery adds the same numbers again, which changes
   * no verdict. Every report names a delivery id, as CI events do.
   */
  public async reportHealth(
    request: ReportHealth,
    options?: RequestOptions,
  ): Promise<
    TypedResponse<{
      accepted: number;
    }>
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(
      `${baseUrl}/deployments/${encodeURIComponent(request.path.id)}/health`,
      {
        method: 'POST',
        headers: {
          ...headersOf(request.header),
          'Content-Type': 'application/json',
          ...(options?.token && { Authorization: `Bearer ${options.token}` }),
        },
        body: JSON.stringify(request.body),
      },
    );
  }

  /**
   * A service's rollback rehearsals, newest first, optionally of one version.
   */
  public async listRehearsals(
    request: ListRehearsals,
    options?: RequestOptions,
  ): Promise<
    TypedResponse<{
      items: Array<RollbackRehearsal>;
    }>
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(
      `${baseUrl}/rehearsals${queryString(request.query)}`,
      {
        method: 'GET',
        headers: {
          ...(options?.token && { Authorization: `Bearer ${options.token}` }),
        },
      },
    );
  }

  /**
   * Rehearses the rollback of a version in a stage before the last: deploys it
   * (unless the stage runs it), rolls the stage back to the version before and
   * deploys it again, each step through the gates and the stage's deployer,
   * timed. A stage whose gates ask for a rehearsal lets the version in once one
   * succeeded recently enough. Needs the promote and the rollback permission on
   * the service (403); 409 in the last stage, while a rehearsal runs there, with
   * nothing to roll back to, or when the first step is refused (the message says
   * why).
   */
  public async rehearseRollback(
    request: RehearseRollback,
    options?: RequestOptions,
  ): Promise<TypedResponse<RollbackRehearsal>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(`${baseUrl}/rehearsals`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(options?.token && { Authorization: `Bearer ${options.token}` }),
      },
      body: JSON.stringify(request.body),
    });
  }

  /**
   * The changes a stage gains by moving from one version of a service to another
   * (those of the versions built after `from`, up to `to`), newest first.
   */
  public async listChangesBetween(
    request: ListChangesBetween,
    options?: RequestOptions,
  ): Promise<TypedResponse<ChangeList>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(
      `${baseUrl}/changes/between${queryString(request.query)}`,
      {
        method: 'GET',
        headers: {
          ...(options?.token && { Authorization: `Bearer ${options.token}` }),
        },
      },
    );
  }

  /**
   * The configured trains, their services and next departure.
   */
  public async listTrains(
    _request: ListTrains = {},
    options?: RequestOptions,
  ): Promise<TypedResponse<TrainList>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(`${baseUrl}/trains`, {
      method: 'GET',
      headers: {
        ...(options?.token && { Authorization: `Bearer ${options.token}` }),
      },
    });
  }

  /**
   * Departures of every train (or one) in a time range of at most 62 days,
   * default the next 7; departures cancelled by a freeze say so.
   */
  public async listDepartures(
    request: ListDepartures,
    options?: RequestOptions,
  ): Promise<TypedResponse<TrainDepartureList>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(
      `${baseUrl}/trains/departures${queryString(request.query)}`,
      {
        method: 'GET',
        headers: {
          ...(options?.token && { Authorization: `Bearer ${options.token}` }),
        },
      },
    );
  }

  /**
   * Train runs, newest first; `before` pages back.
   */
  public async listTrainRuns(
    request: ListTrainRuns,
    options?: RequestOptions,
  ): Promise<TypedResponse<TrainRunList>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(
      `${baseUrl}/trains/runs${queryString(request.query)}`,
      {
        method: 'GET',
        headers: {
          ...(options?.token && { Authorization: `Bearer ${options.token}` }),
        },
      },
    );
  }

  /**
   * A run's manifest (service → version → changes) and progress.
   */
  public async getTrainRun(
    request: GetTrainRun,
    options?: RequestOptions,
  ): Promise<TypedResponse<TrainRunManifest>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(
      `${baseUrl}/trains/runs/${encodeURIComponent(request.path.id)}`,
      {
        method: 'GET',
        headers: {
          ...(options?.token && { Authorization: `Bearer ${options.token}` }),
        },
      },
    );
  }

  /**
   * The train's departures of the next `weeks` weeks as an iCalendar (RFC 5545)
   * file: one event per departure (no recurrence rule), in the train's time zone
   * (with its VTIMEZONE), frozen departures marked cancelled with the freeze's
   * reason, and each freeze overlapping the weeks as an event of its own.
   * Services listed are those the caller may read.
   */
  public async getTrainCalendar(
    request: GetTrainCalendar,
    options?: RequestOptions,
  ): Promise<TypedResponse<void>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(
      `${baseUrl}/trains/${encodeURIComponent(
        request.path.name,
      )}/calendar.ics${queryString(request.query)}`,
      {
        method: 'GET',
        headers: {
          ...(options?.token && { Authorization: `Bearer ${options.token}` }),
        },
      },
    );
  }

  /**
   * What the train's next departure would carry if it left now: each service's
   * newest eligible version, and those that would wait with why (built after the
   * cut-off, over capacity). Only services the caller may read.
   */
  public async previewDeparture(
    request: PreviewDeparture,
    options?: RequestOptions,
  ): Promise<TypedResponse<TrainDeparturePreview>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(
      `${baseUrl}/trains/${encodeURIComponent(request.path.name)}/preview`,
      {
        method: 'GET',
        headers: {
          ...(options?.token && { Authorization: `Bearer ${options.token}` }),
        },
      },
    );
  }

  /**
   * The dependency graph in a stage: edges from dependsOn, APIs consumed from
   * another service, and version requirements (the release-trains/requires
   * annotation, or set through /requirements), each satisfied, violated, unknown
   * (no requirement) or invalid (an unreadable range or version). With
   * `service`, its neighbourhood to `depth` edges, both directions.
   */
  public async getDependencyGraph(
    request: GetDependencyGraph,
    options?: RequestOptions,
  ): Promise<TypedResponse<DependencyGraph>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(
      `${baseUrl}/graph${queryString(request.query)}`,
      {
        method: 'GET',
        headers: {
          ...(options?.token && { Authorization: `Bearer ${options.token}` }),
        },
      },
    );
  }

  /**
   * The five DORA metrics of a service, an owner's services, a system's, or the
   * organisation's (none of the three), from the ledger's deployments into each
   * service's last stage: over the period (default the last 90 days, at most 731
   * days) and per day, week or month of it in `timeZone`. Each figure comes with
   * its sample count and, with enough samples, its band (docs/insights.md).
   * Services the reader may not see are left out; `service` names one or answers
   * 404.
   */
  public async getDoraMetrics(
    request: GetDoraMetrics,
    options?: RequestOptions,
  ): Promise<TypedResponse<DoraReport>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(
      `${baseUrl}/insights/dora${queryString(request.query)}`,
      {
        method: 'GET',
        headers: {
          ...(options?.token && { Authorization: `Bearer ${options.token}` }),
        },
      },
    );
  }

  /**
   * The five DORA metrics of each team (owner) side by side, over the period
   * (default the last 90 days, at most 731 days): of the organisation's teams,
   * or of those owning services of a `system`. A team's figures cover the
   * services it owns that the reader may see.
   */
  public async getDoraTeams(
    request: GetDoraTeams,
    options?: RequestOptions,
  ): Promise<TypedResponse<DoraTeamsReport>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(
      `${baseUrl}/insights/dora/teams${queryString(request.query)}`,
      {
        method: 'GET',
        headers: {
          ...(options?.token && { Authorization: `Bearer ${options.token}` }),
        },
      },
    );
  }

  /**
   * What waits between the stages of each service of a scope (a service, an
   * owner's services, a system's, or the organisation's): per pair of adjacent
   * stages, the versions and changes running upstream and not yet downstream,
   * the oldest waiting change and its age, and the waiting changes at the start
   * of each of the last `weeks` weeks (default 8, at most 52); and the lead time
   * of the changes that reached the last stage in the last 90 days, split into
   * commit to merge, merge to the first stage and the wait in each stage
   * (docs/insights.md). Services the reader may not see are left out; `service`
   * names one or answers 404.
   */
  public async getLagReport(
    request: GetLagReport,
    options?: RequestOptions,
  ): Promise<TypedResponse<LagReport>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(
      `${baseUrl}/insights/lag${queryString(request.query)}`,
      {
        method: 'GET',
        headers: {
          ...(options?.token && { Authorization: `Bearer ${options.token}` }),
        },
      },
    );
  }

  /**
   * Gate compliance in the last stage of each service of a scope over the period
   * (default the last 90 days, at most 731 days): the deployments that ran
   * there, how many passed the gate and the share, and the ungated ones (the
   * newest 100 per service; `truncated` says there were more); totals over the
   * scope (docs/insights.md). Services the reader may not see are left out;
   * `service` names one or answers 404.
   */
  public async getComplianceReport(
    request: GetComplianceReport,
    options?: RequestOptions,
  ): Promise<TypedResponse<ComplianceReport>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(
      `${baseUrl}/insights/compliance${queryString(request.query)}`,
      {
        method: 'GET',
        headers: {
          ...(options?.token && { Authorization: `Bearer ${options.token}` }),
        },
      },
    );
  }

  /**
   * Where what the stages of a scope's services run departs from what their
   * pipeline says they should: a stage running an ungated deployment, or a
   * version that never ran in the stage before, and a last stage further behind
   * the one before than releaseTrains.insights.drift allows (docs/insights.md).
   * Services the reader may not see are left out; `service` names one or answers
   * 404.
   */
  public async getDriftReport(
    request: GetDriftReport,
    options?: RequestOptions,
  ): Promise<TypedResponse<DriftReport>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(
      `${baseUrl}/insights/drift${queryString(request.query)}`,
      {
        method: 'GET',
        headers: {
          ...(options?.token && { Authorization: `Bearer ${options.token}` }),
        },
      },
    );
  }

  /**
   * Sets the semver range a service requires of another, over what its
   * release-trains/requires annotation says. Setting the same range again
   * changes nothing (`changed: false`).
   */
  public async setRequirement(
    request: SetRequirement,
    options?: RequestOptions,
  ): Promise<TypedResponse<VersionRequirementResult>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(`${baseUrl}/requirements`, {
      method: 'PUT',
      headers: {
        'Content-Type': 'application/json',
        ...(options?.token && { Authorization: `Bearer ${options.token}` }),
      },
      body: JSON.stringify(request.body),
    });
  }

  /**
   * Removes a range set through the API; the annotation's, if any, applies
   * again. Removing one that is not set changes nothing.
   */
  public async removeRequirement(
    request: RemoveRequirement,
    options?: RequestOptions,
  ): Promise<TypedResponse<void>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(
      `${baseUrl}/requirements${queryString(request.query)}`,
      {
        method: 'DELETE',
        headers: {
          ...(options?.token && { Authorization: `Bearer ${options.token}` }),
        },
      },
    );
  }

  /**
   * The configured pipelines and their stages, in order.
   */
  public async listPipelines(
    _request: ListPipelines = {},
    options?: RequestOptions,
  ): Promise<TypedResponse<PipelineList>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(`${baseUrl}/pipelines`, {
      method: 'GET',
      headers: {
        ...(options?.token && { Authorization: `Bearer ${options.token}` }),
      },
    });
  }

  /**
   * Registers a new service with a pipeline (and a train) before the catalog has
   * processed it; answers the URL of its Release tab (201, or 200 for a repeat
   * that changes nothing). A service already on a pipeline is not moved (409):
   * its catalog entity's annotations say where it rides.
   */
  public async registerService(
    request: RegisterService,
    options?: RequestOptions,
  ): Promise<TypedResponse<RegisteredService>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(`${baseUrl}/services`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(options?.token && { Authorization: `Bearer ${options.token}` }),
      },
      body: JSON.stringify(request.body),
    });
  }

  /**
   * CI events (version created, deployment started / succeeded / failed), one or
   * a batch of up to 500, applied all or nothing, from a configured CI source
   * (signed, or a service token whose subject is the source's) for the services
   * it reports for (403 otherwise). Idempotent per source by the
   * X-Release-Trains-Delivery header: a retried delivery changes nothing and
   * gets the first answer again; the same id with another body answers 409.
   * Events dated ahead of the server's clock by more than the allowed skew
   * answer 400. A deployment into a stage with approvals is recorded as ungated.
   */
  public async ingestEvents(
    request: IngestEvents,
    options?: RequestOptions,
  ): Promise<TypedResponse<IngestionResult>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(`${baseUrl}/events`, {
      method: 'POST',
      headers: {
        ...headersOf(request.header),
        'Content-Type': 'application/json',
        ...(options?.token && { Authorization: `Bearer ${options.token}` }),
      },
      body: JSON.stringify(request.body),
    });
  }

  /**
   * Where is my change? Finds changes by SHA prefix, PR, author or issue key and
   * tells each stage's status.
   */
  public async findChanges(
    request: FindChanges,
    options?: RequestOptions,
  ): Promise<TypedResponse<ChangeSearchResult>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return await this.fetchApi.fetch(
      `${baseUrl}/changes${queryString(request.query)}`,
      {
        method: 'GET',
        headers: {
          ...(options?.token && { Authorization: `Bearer ${options.token}` }),
        },
      },
    );
  }
}
