import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { Deployment } from '@internal/backstage-plugin-release-trains-common';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import { ReleaseService } from '../catalog/ServiceDirectory';
import { StageConfig } from '../config/pipelines';

/** Signal channel of a service's deployments, for live UI updates. */
export const deploymentsChannel = (service: string) =>
  `release-trains:${service}`;

/** Tells people and open pages what happened to deployments. */
export interface PromotionEvents {
  deploymentChanged(deployment: Deployment): Promise<void>;
  approvalNeeded(
    service: ReleaseService,
    deployment: Deployment,
    stage: StageConfig,
  ): Promise<void>;
  /** A deployment failed or a stage was rolled back: its owners hear of it. */
  ownersConcerned(deployment: Deployment): Promise<void>;
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
  const safely = async (what: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (error) {
      logger.warn(`Could not send ${what}: ${error}`);
    }
  };
  const notifyOwner = async (
    service: string,
    exclude: string | undefined,
    payload: {
      title: string;
      description: string;
      severity: 'normal' | 'high';
      topic: string;
    },
  ) => {
    const owner = await ownerOf(service);
    if (!owner) return;
    await notifications.send({
      recipients: {
        type: 'entity',
        entityRef: owner,
        ...(exclude?.startsWith('user:') && { excludeEntityRef: exclude }),
      },
      payload: { ...payload, link: releaseTabLink(service) },
    });
  };

  return {
    deploymentChanged: deployment =>
      safely('a deployment signal', () =>
        signals.publish({
          recipients: { type: 'broadcast' },
          channel: deploymentsChannel(deployment.service),
          message: {
            deploymentId: deployment.id,
            stage: deployment.stage,
            version: deployment.version,
            state: deployment.state,
          },
        }),
      ),
    approvalNeeded: (service, deployment, stage) =>
      safely('an approval notification', () =>
        notifyOwner(service.ref, deployment.createdBy, {
          title: `Approval needed: ${service.ref} ${deployment.version} → ${stage.title}`,
          description: `${deployment.createdBy} asks to promote ${deployment.version} into ${stage.title}; ${stage.gates.approvals} approvals needed.`,
          severity: 'high',
          topic: 'release-trains:approval',
        }),
      ),
    ownersConcerned: deployment =>
      safely('an owner notification', () =>
        notifyOwner(deployment.service, undefined, {
          title:
            deployment.state === 'failed'
              ? `Deployment failed: ${deployment.service} ${deployment.version} → ${deployment.stage}`
              : `Rolled back: ${deployment.service} ${deployment.stage} → ${deployment.version}`,
          description: deployment.reason ?? deployment.state,
          severity: deployment.state === 'failed' ? 'high' : 'normal',
          topic: 'release-trains:deployment',
        }),
      ),
  };
}
