import { RouteContext } from '../router';

/** Where is my change, and the changes between two versions. */
export function changesRoutes({ router, guard, queries }: RouteContext) {
  router.get('/changes', async (req, res) => {
    const { query } = req;
    const items = await guard.read(req, 'changes-search', async caller =>
      queries.findChanges(
        {
          sha: query.sha,
          pr: query.pr === undefined ? undefined : Number(query.pr),
          author: query.author,
          issue: query.issue,
          service: query.service && (await caller.service(query.service)).ref,
          limit: Number(query.limit ?? 20),
        },
        refs => caller.services(refs),
      ),
    );
    res.json({ items });
  });

  router.get('/changes/between', async (req, res) => {
    const { query } = req;
    res.json(
      await guard.read(req, 'changes-between', async caller => ({
        items: await queries.changesBetween(
          await caller.readableRef(query.service),
          query.from,
          query.to,
        ),
      })),
    );
  });
}
