import { RouteContext } from '../router';

/** What a service's stages run, and the pipelines there are. */
export function pipelineRoutes({ router, guard, queries }: RouteContext) {
  router.get('/pipeline', async (req, res) => {
    res.json(
      await guard.read(req, 'pipeline-fetch', async caller =>
        queries.pipeline(await caller.service(req.query.service)),
      ),
    );
  });

  router.get('/pipelines', async (req, res) => {
    res.json(
      await guard.read(req, 'pipelines-fetch', async () => ({
        items: queries.pipelines(),
      })),
    );
  });
}
