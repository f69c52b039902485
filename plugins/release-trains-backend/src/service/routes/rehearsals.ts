import {
  releaseTrainsPromotePermission,
  releaseTrainsRollbackPermission,
} from '@release-trains/plugin-release-trains-common';
import { RouteContext } from '../router';

/** Rollback rehearsals: run one, list a service's. */
export function rehearsalsRoutes(context: RouteContext) {
  const { router, guard, rehearsals } = context;

  router.get('/rehearsals', async (req, res) => {
    const { query } = req;
    res.json(
      await guard.read(req, 'rehearsals-fetch', async caller => ({
        items: await rehearsals.list(await caller.service(query.service), {
          version: query.version,
          limit: query.limit,
        }),
      })),
    );
  });

  router.post('/rehearsals', async (req, res) => {
    const { body } = req;
    const rehearsal = await guard.serviceMutation(
      req,
      'rehearsal-request',
      // It rolls the stage back and deploys again: both permissions.
      releaseTrainsRollbackPermission,
      async (service, caller) => {
        await caller.authorize(releaseTrainsPromotePermission, service.ref);
        return rehearsals.start(service, {
          stage: body.stage,
          version: body.version,
          requestedBy: caller.ref,
          requestedByService: !caller.isUser,
        });
      },
      started => ({ rehearsalId: started.id, version: started.version }),
    );
    res.status(201).json(rehearsal);
  });
}
