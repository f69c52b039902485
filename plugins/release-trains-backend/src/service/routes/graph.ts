import { RouteContext } from '../router';

/** The dependency graph of a stage. */
export function graphRoutes({ router, guard, graph }: RouteContext) {
  router.get('/graph', async (req, res) => {
    const { query } = req;
    res.json(
      await guard.read(req, 'graph-fetch', async caller =>
        graph.graph(
          {
            stage: query.stage,
            focus: query.service && (await caller.service(query.service)).ref,
            depth: Number(query.depth ?? 1),
            owner: query.owner,
            system: query.system,
            violationsOnly: query.violations === true,
          },
          refs => caller.readable(refs),
        ),
      ),
    );
  });
}
