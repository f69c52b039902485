import { InputError, NotFoundError } from '@backstage/errors';
import { releaseTrainsRequirementSetPermission } from '@internal/backstage-plugin-release-trains-common';
import semver from 'semver';
import {
  buildDependencyGraph,
  filterGraph,
  neighbourhood,
  visiblePart,
} from '../../graph/dependencyGraph';
import { toServiceRef } from '../../catalog/serviceRef';
import { RouteContext } from '../router';
import { Caller } from '../RouteGuard';

/** The dependency graph, and version requirements set through the API. */
export function graphRoutes(context: RouteContext) {
  const { router, guard, deployments, serviceStore } = context;

  router.get('/graph', async (req, res) => {
    const query = req.query as Record<string, string | undefined>;
    res.json(
      await guard.read(req, 'graph-fetch', async caller => {
        const focus = query.service && (await caller.service(query.service));
        const graph = buildDependencyGraph({
          stage: query.stage!,
          services: await serviceStore.listAll(),
          running: await deployments.currentVersionsIn(query.stage!),
        });
        const visible = visiblePart(
          graph,
          await caller.readable(graph.nodes.map(node => node.service)),
        );
        return filterGraph(
          focus
            ? neighbourhood(visible, focus.ref, Number(query.depth ?? 1))
            : visible,
          {
            owner: query.owner,
            system: query.system,
            violationsOnly: String(query.violations) === 'true',
          },
        );
      }),
    );
  });

  /** The service and dependency of a requirement, both readable and on a pipeline. */
  async function requirementParties(
    caller: Caller,
    body: { service: string; dependency: string },
  ) {
    const service = await caller.serviceFor(
      releaseTrainsRequirementSetPermission,
      body.service,
    );
    const dependencyRef = toServiceRef(body.dependency);
    const dependency = await caller.service(dependencyRef).catch(error => {
      // Unknown and unreadable alike; it came in the body, so 400.
      throw error instanceof NotFoundError
        ? new InputError(`dependency: ${dependencyRef} is not in the catalog`)
        : error;
    });
    if (dependency.ref === service.ref) {
      throw new InputError('dependency: a service cannot require itself');
    }
    return { service: service.ref, dependency: dependency.ref };
  }

  router.put('/requirements', async (req, res) => {
    const body = req.body as {
      service: string;
      dependency: string;
      range: string;
    };
    const result = await guard.mutation(
      req,
      { eventId: 'requirement-set', meta: body },
      async caller => {
        const parties = await requirementParties(caller, body);
        if (semver.validRange(body.range) === null) {
          throw new InputError(
            `range: '${body.range}' is not a valid semver range`,
          );
        }
        const changed = await serviceStore.setRequirement({
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
    const query = req.query as { service: string; dependency: string };
    await guard.mutation(
      req,
      { eventId: 'requirement-remove', meta: query },
      async caller => {
        const parties = await requirementParties(caller, query);
        return serviceStore.removeRequirement(
          parties.service,
          parties.dependency,
        );
      },
      removed => ({ removed }),
    );
    res.status(204).end();
  });
}
