import {
  releaseTrainsPromotePermission,
  releaseTrainsRollbackPermission,
} from '@release-trains/plugin-release-trains-common';
import { RouteContext } from '../router';
import { deploymentOutcome } from '../RouteGuard';
import { deploymentOf } from './deployments';

/**
 * What the gates say, promotions and rollbacks, and the resolution of
 * deployments whose outcome is unknown.
 */
export function promotionsRoutes(context: RouteContext) {
  const { router, guard, promotions } = context;

  router.get('/promotions/check', async (req, res) => {
    const { query } = req;
    res.json(
      await guard.read(req, 'promotion-check', async caller => {
        const service = await caller.service(query.service);
        const { running: _, ...check } = await promotions.check(service, {
          version: query.version,
          stage: query.stage,
          hiddenServices: await caller.hidden(Object.keys(service.requires)),
        });
        return check;
      }),
    );
  });

  router.post('/promotions', async (req, res) => {
    const { body } = req;
    const details = await guard.serviceMutation(
      req,
      'promotion-request',
      releaseTrainsPromotePermission,
      async (service, caller) =>
        promotions.promote(service, {
          version: body.version,
          stage: body.stage,
          reason: body.reason,
          requestedBy: caller.ref,
          requestedByService: !caller.isUser,
          hiddenServices: await caller.hidden(Object.keys(service.requires)),
        }),
      deploymentOutcome,
    );
    res.status(201).json(details);
  });

  router.post('/rollbacks', async (req, res) => {
    const { body } = req;
    const details = await guard.serviceMutation(
      req,
      'rollback-request',
      releaseTrainsRollbackPermission,
      async (service, caller) =>
        promotions.rollback(service, {
          stage: body.stage,
          version: body.version,
          reason: body.reason,
          requestedBy: caller.ref,
          requestedByService: !caller.isUser,
        }),
      deploymentOutcome,
    );
    res.status(201).json(details);
  });

  router.post('/deployments/:id/resolve', async (req, res) => {
    const { body } = req;
    const details = await guard.mutation(
      req,
      {
        eventId: 'deployment-resolve',
        meta: { deploymentId: req.params.id, ...body },
        allow: ['user'],
      },
      async caller => {
        const { deployment, service } = await deploymentOf(
          context,
          caller,
          req.params.id,
        );
        // Whoever may start such a deployment may settle it.
        await caller.authorize(
          deployment.kind === 'rollback'
            ? releaseTrainsRollbackPermission
            : releaseTrainsPromotePermission,
          service.ref,
        );
        return promotions.resolve(service, req.params.id, {
          action: body.action,
          reason: body.reason,
          resolvedBy: caller.ref,
        });
      },
      deploymentOutcome,
    );
    res.json(details);
  });
}
