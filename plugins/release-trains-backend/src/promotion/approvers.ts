import { AuthService } from '@backstage/backend-plugin-api';
import { RELATION_MEMBER_OF } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ApprovalEligibility,
  DeploymentDetails,
} from '@release-trains/plugin-release-trains-common';
import { sameRef } from '../catalog/serviceRef';
import { StageConfig } from '../config/pipelines';

/** Who asks to decide on a deployment, as the router authenticated them. */
export type Decider = {
  /** A user's entity ref, or a service's subject. */
  ref: string;
  isUser: boolean;
  /** Whether the permission policy allows them to approve for the service. */
  permitted: () => Promise<boolean>;
};

/** The answer a requester gets; the Release tab shows it as is. */
export const REQUESTER_REASON =
  'You asked for this deployment; other people must approve it';

/**
 * Decides who may approve a deployment into a stage: a person (never a
 * service), a User of the catalog (never a guest), allowed by the policy,
 * a member of the stage's approver group when it names one, and neither
 * the requester nor someone who already decided.
 */
export class ApproverCheck {
  constructor(
    private readonly options: { catalog: CatalogService; auth: AuthService },
  ) {}

  async eligibility(
    deployment: Pick<DeploymentDetails, 'createdBy' | 'approvals'>,
    stage: StageConfig,
    decider: Decider,
  ): Promise<ApprovalEligibility> {
    const refuse = (reason: string) => ({ allowed: false, reason });
    if (!decider.isUser) {
      return refuse('Only people may approve; a service token never does');
    }
    if (sameRef(deployment.createdBy, decider.ref)) {
      return refuse(REQUESTER_REASON);
    }
    if (deployment.approvals.some(a => sameRef(a.approver, decider.ref))) {
      return refuse('You have already decided');
    }
    if (!(await decider.permitted())) {
      return refuse(
        'You are not allowed to approve deployments of this service',
      );
    }
    const user = await this.options.catalog.getEntityByRef(decider.ref, {
      credentials: await this.options.auth.getOwnServiceCredentials(),
    });
    if (user?.kind.toLocaleLowerCase('en-US') !== 'user') {
      return refuse(
        `Only people of the catalog may approve; ${decider.ref} is not a catalog user`,
      );
    }
    const group = stage.gates.approverGroup;
    if (
      group &&
      !(user.relations ?? []).some(
        r => r.type === RELATION_MEMBER_OF && r.targetRef === group,
      )
    ) {
      return refuse(
        `Only members of ${group} may approve deployments into ${stage.title}`,
      );
    }
    return {
      allowed: true,
      reason: group
        ? `You are a member of ${group}`
        : 'The permission policy allows you to approve',
    };
  }
}
