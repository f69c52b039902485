import { NotFoundError } from '@backstage/errors';
import {
  releaseTrainsApprovePermission,
  releaseTrainsDeploymentCreatePermission,
} from '@release-trains/plugin-release-trains-common';
import { toPersonRef } from '../../catalog/serviceRef';
import { RouteContext } from '../router';
import { Caller } from '../RouteGuard';
import { scope } from './insights';

/**
 * The deployment with the service it belongs to; 404 alike for one that
 * does not exist and one of a service the caller may not read.
 */
export async function deploymentOf(
  { queries }: Pick<RouteContext, 'queries'>,
  caller: Caller,
  id: string,
) {
  const deployment = await queries.deployment(id);
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
  const { router, guard, queries, approvals, ungated } = context;

  router.get('/deployments', async (req, res) => {
    const { query } = req;
    res.json(
      await guard.read(req, 'deployments-fetch', async caller => {
        // Read once the caller is known: 401 comes before 400.
        const filter = {
          stage: query.stage,
          state: query.state,
          outcome: query.outcome,
          kind: query.kind,
          ungated: query.ungated,
          createdBy:
            query.createdBy && toPersonRef(query.createdBy, 'createdBy'),
          from: query.from,
          to: query.to,
          finishedFrom: query.finishedFrom,
          finishedTo: query.finishedTo,
          cursor: query.cursor,
          limit: Number(query.limit ?? 50),
        };
        return query.service && !query.lastStage
          ? // The ref is enough: a service off every pipeline has no history.
            queries.history(await caller.readableRef(query.service), filter)
          : queries.scopedHistory(
              await scope(caller, query),
              { ...filter, lastStage: query.lastStage },
              refs => caller.readable(refs),
            );
      }),
    );
  });

  router.post('/deployments', async (req, res) => {
    const { body } = req;
    const deployment = await guard.serviceMutation(
      req,
      'deployment-record',
      releaseTrainsDeploymentCreatePermission,
      (service, caller) =>
        ungated.record(service, {
          stage: body.stage,
          version: body.version,
          kind: body.kind,
          recordedBy: caller.ref,
          recordedByService: !caller.isUser,
        }),
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
        return approvals.details(service, req.params.id, {
          ref: caller.ref,
          isUser: caller.isUser,
          permitted: () =>
            caller.may(releaseTrainsApprovePermission, service.ref),
        });
      }),
    );
  });
}
