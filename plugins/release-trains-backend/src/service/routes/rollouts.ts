import {
  releaseTrainsPromotePermission,
  releaseTrainsRollbackPermission,
} from '@release-trains/plugin-release-trains-common';
import { reportsFor } from '../../ingestion/sources';
import { NotAllowedError } from '@backstage/errors';
import { RouteContext } from '../router';
import { deploymentOf } from './deployments';
import { DELIVERY_HEADER } from '../../ingestion/sources';
import { eventSourceOf } from './events';

/** Roll-outs: what they stand at, a person's resume or abort, pushed health. */
export function rolloutsRoutes(context: RouteContext) {
  const { router, guard, rollouts } = context;

  router.get('/deployments/:id/rollout', async (req, res) => {
    res.json(
      await guard.read(req, 'rollout-fetch', async caller => {
        const { service } = await deploymentOf(context, caller, req.params.id);
        return rollouts.details(service, req.params.id);
      }),
    );
  });

  router.post('/deployments/:id/rollout/resume', async (req, res) => {
    res.json(
      await guard.mutation(
        req,
        {
          eventId: 'rollout-resume',
          meta: {
            deploymentId: req.params.id,
            reason: req.body?.reason ?? null,
          },
          allow: ['user'],
        },
        async caller => {
          const { service } = await deploymentOf(
            context,
            caller,
            req.params.id,
          );
          await caller.authorize(releaseTrainsPromotePermission, service.ref);
          return rollouts.resume(service, req.params.id);
        },
        rollout => ({ phase: rollout.phase, stepIndex: rollout.stepIndex }),
      ),
    );
  });

  router.post('/deployments/:id/rollout/abort', async (req, res) => {
    res.json(
      await guard.mutation(
        req,
        {
          eventId: 'rollout-abort',
          meta: { deploymentId: req.params.id, reason: req.body.reason },
          allow: ['user'],
        },
        async caller => {
          const { service } = await deploymentOf(
            context,
            caller,
            req.params.id,
          );
          await caller.authorize(releaseTrainsRollbackPermission, service.ref);
          return rollouts.abort(service, req.params.id, {
            reason: req.body.reason,
            requestedBy: caller.ref,
          });
        },
        rollout => ({
          phase: rollout.phase,
          rollbackDeploymentId: rollout.rollbackDeploymentId ?? null,
        }),
      ),
    );
  });

  // Authenticated in front of the validator, like CI events (router.ts).
  router.post('/deployments/:id/health', async (req, res) => {
    const source = eventSourceOf(res);
    const { samples } = req.body;
    const result = await guard.delivery(
      req,
      {
        eventId: 'rollout-health-report',
        meta: {
          deploymentId: req.params.id,
          source: source.name,
          deliveryId: req.header(DELIVERY_HEADER)?.slice(0, 255) ?? null,
        },
      },
      () =>
        rollouts.reportHealth(
          req.params.id,
          samples,
          `source:${source.name}`,
          service => {
            if (!reportsFor(source, service)) {
              throw new NotAllowedError(
                `Source '${source.name}' may not report for ${service.ref}`,
              );
            }
          },
        ),
      accepted => accepted,
    );
    res.status(202).json(result);
  });
}
