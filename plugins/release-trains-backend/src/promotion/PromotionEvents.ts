import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  Deployment,
  DriftFinding,
} from '@release-trains/plugin-release-trains-common';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import { ReleaseService } from '../catalog/ServiceDirectory';
import { StageConfig } from '../config/pipelines';
import { createLiveUpdates } from './LiveUpdates';

/** Tells people and open pages what happened to deployments. */
export interface PromotionEvents {
  /** Something changed in a stage of the service: open pages refetch. */
  deploymentChanged(
    deployment: Pick<Deployment, 'service' | 'stage'>,
  ): Promise<void>;
  approvalNeeded(
    service: ReleaseService,
    deployment: Deployment,
    stage: StageConfig,
  ): Promise<void>;
  /**
   * A deployment failed or its outcome is unknown, or a stage was rolled
   * back: its owners hear of it.
   */
  ownersConcerned(deployment: Deployment): Promise<void>;
  /**
   * A deployment changed what a stage with approvals runs without passing
   * its gate: the owner and the stage's approvers hear of it.
   */
  ungatedDeployment(
    service: ReleaseService,
    deployment: Deployment,
    stage: StageConfig,
  ): Promise<void>;
  /** A stage drifted from its pipeline: the owner hears of it, once. */
  driftFound(finding: DriftFinding): Promise<void>;
  /** A roll-out paused for a person (inconclusive analysis): the owner hears of it. */
  rolloutPaused(deployment: Deployment, reason: string): Promise<void>;
}

function ownersTitle({ state, service, version, stage }: Deployment): string {
  switch (state) {
    case 'failed':
      return `Deployment failed: ${service} ${version} → ${stage}`;
    case 'unknown':
      return `Deployment outcome unknown, to resolve: ${service} ${version} → ${stage}`;
    default:
      return `Rolled back: ${service} ${stage} → ${version}`;
  }
}

function releaseTabLink(service: string): string {
  const { kind, namespace, name } = parseEntityRef(service);
  return `/catalog/${namespace}/${kind.toLocaleLowerCase(
    'en-US',
  )}/${name}/release`;
}

/**
 * Signals on every change (broadcast on the service's channel), and
 * notifications to the service's owner: approvals needed, failures,
 * rollbacks. Neither may fail a deployment: errors are logged.
 */
export function createPromotionEvents(options: {
  signals: SignalsService;
  notifications: NotificationService;
  logger: LoggerService;
  ownerOf: (service: string) => Promise<string | undefined>;
}): PromotionEvents {
  const { signals, notifications, logger, ownerOf } = options;
  const live = createLiveUpdates({ signals, logger });
  const safely = async (what: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (error) {
      logger.warn(`Could not send ${what}: ${error}`);
    }
  };
  /** Notifies the service's owner, and the other entities given. */
  const notify = async (
    service: string,
    audience: { also?: string; exclude?: string },
    payload: {
      title: string;
      description: string;
      severity: 'normal' | 'high';
      topic: string;
    },
  ) => {
    const recipients = [await ownerOf(service), audience.also].filter(
      (ref): ref is string => Boolean(ref),
    );
    if (recipients.length === 0) return;
    await notifications.send({
      recipients: {
        type: 'entity',
        entityRef: [...new Set(recipients)],
        ...(audience.exclude?.startsWith('user:') && {
          excludeEntityRef: audience.exclude,
        }),
      },
      payload: { ...payload, link: releaseTabLink(service) },
    });
  };

  return {
    deploymentChanged: deployment => live.servicesChanged([deployment.service]),
    approvalNeeded: (service, deployment, stage) =>
      safely('an approval notification', () =>
        notify(
          service.ref,
          { also: stage.gates.approverGroup, exclude: deployment.createdBy },
          {
            title: `Approval needed: ${service.ref} ${deployment.version} → ${stage.title}`,
            description: `${deployment.createdBy} asks to promote ${deployment.version} into ${stage.title}; ${stage.gates.approvals} approvals needed.`,
            severity: 'high',
            topic: 'release-trains:approval',
          },
        ),
      ),
    ungatedDeployment: (service, deployment, stage) =>
      safely('an ungated deployment notification', () =>
        notify(
          service.ref,
          { also: stage.gates.approverGroup },
          {
            title: `Ungated deployment: ${service.ref} ${deployment.version} → ${stage.title}`,
            description: `${deployment.createdBy} put ${deployment.version} into ${stage.title} without passing its gate (${stage.gates.approvals} approvals).`,
            severity: 'high',
            topic: 'release-trains:ungated',
          },
        ),
      ),
    driftFound: finding =>
      safely('a drift notification', () =>
        notify(
          finding.service,
          {},
          {
            title: `Drift: ${finding.service} ${finding.stage}`,
            description: finding.message,
            severity: 'normal',
            topic: 'release-trains:drift',
          },
        ),
      ),
    rolloutPaused: (deployment, reason) =>
      safely('a roll-out notification', () =>
        notify(
          deployment.service,
          {},
          {
            title: `Roll-out paused, to decide: ${deployment.service} ${deployment.version} → ${deployment.stage}`,
            description: reason,
            severity: 'high',
            topic: 'release-trains:rollout',
          },
        ),
      ),
    ownersConcerned: deployment =>
      safely('an owner notification', () =>
        notify(
          deployment.service,
          {},
          {
            title: ownersTitle(deployment),
            description:
              (deployment.state === 'unknown'
                ? deployment.deployerError
                : deployment.reason) ?? deployment.state,
            severity: ['failed', 'unknown'].includes(deployment.state)
              ? 'high'
              : 'normal',
            topic: 'release-trains:deployment',
          },
        ),
      ),
  };
}
