import {
  ApprovalDecision,
  releaseTrainsApprovePermission,
  releaseTrainsPromotePermission,
  releaseTrainsRollbackPermission,
} from '@internal/backstage-plugin-release-trains-common';
import { RouteContext } from '../router';
import { deploymentOf } from './deployments';

/** What the gates say, promotions, rollbacks and approvals. */
export function promotionsRoutes(context: RouteContext) {
  const { router, guard, promotions } = context;
  const deploymentOutcome = (result: { id: string; state: string }) => ({
    deploymentId: result.id,
    state: result.state,
  });

  router.get('/promotions/check', async (req, res) => {
    const query = req.query as Record<string, string | undefined>;
    res.json(
      await guard.read(req, 'promotion-check', async caller => {
        const service = await caller.service(query.service!);
        const { running: _, ...check } = await promotions.check(service, {
          version: query.version!,
          stage: query.stage,
          hiddenServices: await caller.hidden(Object.keys(service.requires)),
        });
        return check;
      }),
    );
  });

  router.post('/promotions', async (req, res) => {
    const body = req.body as {
      service: string;
      version: string;
      stage?: string;
      reason?: string;
    };
    const details = await guard.mutation(
      req,
      { eventId: 'promotion-request', meta: body },
      async caller => {
        const service = await caller.serviceFor(
          releaseTrainsPromotePermission,
          body.service,
        );
        return promotions.promote(service, {
          version: body.version,
          stage: body.stage,
          reason: body.reason,
          requestedBy: caller.ref,
          requestedByService: !caller.isUser,
          hiddenServices: await caller.hidden(Object.keys(service.requires)),
        });
      },
      deploymentOutcome,
    );
    res.status(201).json(details);
  });

  router.post('/rollbacks', async (req, res) => {
    const body = req.body as {
      service: string;
      stage: string;
      version?: string;
      reason: string;
    };
    const details = await guard.mutation(
      req,
      { eventId: 'rollback-request', meta: body },
      async caller => {
        const service = await caller.serviceFor(
          releaseTrainsRollbackPermission,
          body.service,
        );
        return promotions.rollback(service, {
          stage: body.stage,
          version: body.version,
          reason: body.reason,
          requestedBy: caller.ref,
          requestedByService: !caller.isUser,
        });
      },
      deploymentOutcome,
    );
    res.status(201).json(details);
  });

  router.post('/deployments/:id/approvals', async (req, res) => {
    const body = req.body as { decision: ApprovalDecision; comment?: string };
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
        return promotions.decide(service, {
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
