import { NotFoundError } from '@backstage/errors';
import {
  DeploymentKind,
  DeploymentState,
  releaseTrainsApprovePermission,
  releaseTrainsDeploymentCreatePermission,
} from '@internal/backstage-plugin-release-trains-common';
import { assertSourceReportsFor } from '../../ingestion/sources';
import { RouteContext } from '../router';
import { Caller } from '../RouteGuard';

/**
 * The deployment with the service it belongs to; 404 alike for one that
 * does not exist and one of a service the caller may not read.
 */
export async function deploymentOf(
  context: Pick<RouteContext, 'deployments'>,
  caller: Caller,
  id: string,
) {
  const deployment = await context.deployments.get(id);
  const service =
    deployment &&
    (await caller.services([deployment.service])).get(deployment.service);
  if (!deployment || !service) {
    throw new NotFoundError(`No deployment ${id}`);
  }
  return { deployment, service };
}

/** The deploy history, one deployment, and deployments recorded by hand. */
export function deploymentsRoutes(context: RouteContext) {
  const { router, guard, deployments, promotions, ungated, ingestionSettings } =
    context;

  router.get('/deployments', async (req, res) => {
    const query = req.query as Record<string, string | undefined>;
    res.json(
      await guard.read(req, 'deployments-fetch', async caller => {
        // The ref is enough: a service off every pipeline has no history.
        return deployments.list(await caller.readableRef(query.service!), {
          stage: query.stage,
          state: query.state as DeploymentState | undefined,
          kind: query.kind as DeploymentKind | undefined,
          from: query.from,
          to: query.to,
          cursor: query.cursor,
          limit: Number(query.limit ?? 50),
        });
      }),
    );
  });

  router.post('/deployments', async (req, res) => {
    const body = req.body as {
      service: string;
      stage: string;
      version: string;
      kind?: DeploymentKind;
    };
    const deployment = await guard.mutation(
      req,
      { eventId: 'deployment-record', meta: body },
      async caller => {
        const service = await caller.serviceFor(
          releaseTrainsDeploymentCreatePermission,
          body.service,
        );
        // A service token reports what runs as a CI source does: within
        // what its source may report for.
        if (!caller.isUser) {
          assertSourceReportsFor(ingestionSettings, caller.ref, service);
        }
        return ungated.record(service, {
          stage: body.stage,
          version: body.version,
          kind: body.kind,
          recordedBy: caller.ref,
        });
      },
      recorded => ({
        deploymentId: recorded.id,
        ungated: Boolean(recorded.ungated),
      }),
    );
    res.status(201).json(deployment);
  });

  router.get('/deployments/:id', async (req, res) => {
    res.json(
      await guard.read(req, 'deployment-fetch', async caller => {
        const { service } = await deploymentOf(context, caller, req.params.id);
        return promotions.details(service, req.params.id, {
          ref: caller.ref,
          isUser: caller.isUser,
          permitted: () =>
            caller.may(releaseTrainsApprovePermission, service.ref),
        });
      }),
    );
  });
}
