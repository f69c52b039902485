import {
  releaseTrainsApprovePermission,
  releaseTrainsPromotePermission,
} from '@release-trains/plugin-release-trains-common';
import { RouteContext } from '../router';
import { deploymentOutcome } from '../RouteGuard';
import { deploymentOf } from './deployments';

/** Approvers' decisions on deployments awaiting approval, and withdrawals. */
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

  router.post('/deployments/:id/cancel', async (req, res) => {
    const details = await guard.mutation(
      req,
      {
        eventId: 'approval-cancel',
        meta: { deploymentId: req.params.id },
        allow: ['user'],
      },
      async caller => {
        const { service } = await deploymentOf(context, caller, req.params.id);
        return approvals.cancel(service, {
          deploymentId: req.params.id,
          canceller: {
            ref: caller.ref,
            mayPromote: () =>
              caller.may(releaseTrainsPromotePermission, service.ref),
          },
        });
      },
      deploymentOutcome,
    );
    res.json(details);
  });
}
