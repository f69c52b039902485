import { InputError, NotFoundError } from '@backstage/errors';
import { releaseTrainsRequirementSetPermission } from '@release-trains/plugin-release-trains-common';
import { toServiceRef } from '../../catalog/serviceRef';
import { RequirementParties } from '../../graph/DependencyGraphService';
import { RouteContext } from '../router';
import { Caller } from '../RouteGuard';

/**
 * The service and dependency of a requirement: the caller may set the
 * service's requirements, and may read the dependency (400 otherwise,
 * unknown and unreadable alike: it came in the body).
 */
async function requirementParties(
  caller: Caller,
  body: RequirementParties,
): Promise<RequirementParties> {
  const service = await caller.serviceFor(
    releaseTrainsRequirementSetPermission,
    body.service,
  );
  const dependencyRef = toServiceRef(body.dependency);
  const dependency = await caller.service(dependencyRef).catch(error => {
    throw error instanceof NotFoundError
      ? new InputError(`dependency: ${dependencyRef} is not in the catalog`)
      : error;
  });
  return { service: service.ref, dependency: dependency.ref };
}

/** Version requirements set through the API. */
export function requirementsRoutes({ router, guard, graph }: RouteContext) {
  router.put('/requirements', async (req, res) => {
    const { body } = req;
    const result = await guard.mutation(
      req,
      { eventId: 'requirement-set', meta: body },
      async caller => {
        const parties = await requirementParties(caller, body);
        const changed = await graph.setRequirement({
          ...parties,
          range: body.range,
          setBy: caller.ref,
        });
        return { ...parties, range: body.range, changed };
      },
      ({ changed }) => ({ changed }),
    );
    res.json(result);
  });

  router.delete('/requirements', async (req, res) => {
    const { query } = req;
    await guard.mutation(
      req,
      { eventId: 'requirement-remove', meta: query },
      async caller =>
        graph.removeRequirement(await requirementParties(caller, query)),
      removed => ({ removed }),
    );
    res.status(204).end();
  });
}
