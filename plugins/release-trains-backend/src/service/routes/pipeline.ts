import { buildPipelineView } from '../../queries/pipelineView';
import { RouteContext } from '../router';

/** What a service's stages run, and the pipelines there are. */
export function pipelineRoutes(context: RouteContext) {
  const { router, guard, deployments, versions, pipelines } = context;

  router.get('/pipeline', async (req, res) => {
    res.json(
      await guard.read(req, 'pipeline-fetch', async caller =>
        buildPipelineView({
          service: await caller.service(String(req.query.service)),
          deployments,
          versions,
        }),
      ),
    );
  });

  router.get('/pipelines', async (req, res) => {
    res.json(
      await guard.read(req, 'pipelines-fetch', async () => ({
        items: [...pipelines.values()].map(pipeline => ({
          name: pipeline.name,
          stages: pipeline.stages.map(stage => ({
            name: stage.name,
            title: stage.title,
          })),
        })),
      })),
    );
  });
}
