import {
  releaseTrainsPromotePermission,
  releaseTrainsRollbackPermission,
} from '@internal/backstage-plugin-release-trains-common';
import { RouteContext } from '../router';
import { deploymentOutcome } from '../RouteGuard';

/** What the gates say, promotions and rollbacks. */
export function promotionsRoutes({ router, guard, promotions }: RouteContext) {
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
}
