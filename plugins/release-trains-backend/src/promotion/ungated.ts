import { AuditorService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  Deployment,
  DeploymentKind,
} from '@release-trains/plugin-release-trains-common';
import { ReleaseService } from '../catalog/ServiceDirectory';
import { Ledger } from '../ledger/Ledger';
import { StageStateStore } from '../ledger/StageStateStore';
import { PromotionEvents } from './PromotionEvents';
import { stageOf } from './stages';

/**
 * Whether a deployment the promotion engine did not start changes what a
 * stage with approvals runs without passing its gate: true unless the
 * engine is carrying that very version into the stage, or the stage runs it
 * from the engine's deployment (CI then reports the engine's own). A
 * version that passed the gate once and was replaced or rolled back since
 * passes it again only through the engine.
 */
export async function bypassesGate(
  stages: StageStateStore,
  service: ReleaseService,
  stage: string,
  version: string,
): Promise<boolean> {
  const config = service.pipeline.stages.find(s => s.name === stage);
  if (!config || config.gates.approvals === 0) return false;
  return !(await stages.isGatedNow(service.ref, stage, version));
}

/**
 * Deployments that reach the ledger without the promotion engine: recorded
 * by hand, or reported by CI. They are recorded as they are — the ledger
 * says what really runs — and when they pass a gate by, flagged, audited
 * and told to the service's owner and the stage's approvers.
 */
export class UngatedDeployments {
  constructor(
    private readonly options: {
      ledger: Ledger;
      /**
       * Throws unless a service token's subject may report deployments of
       * the service (as its CI source may).
       */
      assertReportsFor: (subject: string, service: ReleaseService) => void;
      events: PromotionEvents;
      auditor: AuditorService;
    },
  ) {}

  /**
   * Records a finished deployment of a built version by hand; 404 for a
   * version CI never reported, 400 for a stage not on the pipeline.
   */
  async record(
    service: ReleaseService,
    request: {
      stage: string;
      version: string;
      kind?: DeploymentKind;
      recordedBy: string;
      /** The recorder is a service token's subject, not a person. */
      recordedByService?: boolean;
    },
  ): Promise<Deployment> {
    const { ledger } = this.options;
    // A service token reports what runs as a CI source does: within what
    // its source may report for.
    if (request.recordedByService) {
      this.options.assertReportsFor(request.recordedBy, service);
    }
    stageOf(service, request.stage);
    if (!(await ledger.versions.get(service.ref, request.version))) {
      throw new NotFoundError(
        `${service.ref} has no version ${request.version}; CI reports versions when it builds them`,
      );
    }
    const deployment = await ledger.transaction(async tx =>
      tx.deployments.record({
        service: service.ref,
        stage: request.stage,
        version: request.version,
        kind: request.kind ?? 'deploy',
        createdBy: request.recordedBy,
        ungated: await bypassesGate(
          tx.stages,
          service,
          request.stage,
          request.version,
        ),
      }),
    );
    await this.options.events.deploymentChanged(deployment);
    if (deployment.ungated) {
      await this.report(service, deployment, 'recorded by hand');
    }
    return deployment;
  }

  /** Audits an ungated deployment and tells the owner and approvers. */
  async report(
    service: ReleaseService,
    deployment: Deployment,
    how: string,
  ): Promise<void> {
    const stage = service.pipeline.stages.find(
      s => s.name === deployment.stage,
    );
    if (!stage) return;
    const event = await this.options.auditor.createEvent({
      eventId: 'deployment-ungated',
      severityLevel: 'high',
      meta: {
        how,
        deploymentId: deployment.id,
        service: service.ref,
        stage: deployment.stage,
        version: deployment.version,
        by: deployment.createdBy,
      },
    });
    await event.success();
    await this.options.events.ungatedDeployment(service, deployment, stage);
  }
}
