import { releaseTrainsApprovePermission } from '@internal/backstage-plugin-release-trains-common';
import { RouteContext } from '../router';
import { deploymentOutcome } from '../RouteGuard';
import { deploymentOf } from './deployments';

/** Approvers' decisions on deployments awaiting approval. */
export function approvalsRoutes(context: RouteContext) {
  const { router, guard, approvals } = context;

  router.post('/deployments/:id/approvals', async (req, res) => {
    const { body } = req;
    const details = await guard.mutation(
      req,
      {
        eventId: 'approval-decision',
        meta: { deploymentId: req.params.id, decision: body.decision },
        allow: ['user'],
      },
      async caller => {
        const { service } = await deploymentOf(context, caller, req.params.id);
        await caller.authorize(releaseTrainsApprovePermission, service.ref);
        return approvals.decide(service, {
          deploymentId: req.params.id,
          approver: {
            ref: caller.ref,
            isUser: caller.isUser,
            permitted: async () => true,
          },
          decision: body.decision,
          comment: body.comment,
          hiddenServices: await caller.hidden(Object.keys(service.requires)),
        });
      },
      deploymentOutcome,
    );
    res.json(details);
  });
}
