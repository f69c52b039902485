import { InputError } from '@backstage/errors';
import { toChange } from '../../ledger/VersionStore';
import { whereIsMyChange } from '../../queries/whereIsMyChange';
import { RouteContext } from '../router';

/** Where is my change, and the changes between two versions. */
export function changesRoutes(context: RouteContext) {
  const { router, guard, changes, conductor } = context;

  router.get('/changes', async (req, res) => {
    const query = req.query as Record<string, string | undefined>;
    if (!query.sha && !query.pr && !query.author && !query.issue) {
      throw new InputError(
        'Give one of sha (7+ hex characters), pr, author or issue',
      );
    }
    const items = await guard.read(req, 'changes-search', async caller =>
      whereIsMyChange({
        query: {
          sha: query.sha,
          pr: query.pr === undefined ? undefined : Number(query.pr),
          author: query.author,
          issue: query.issue,
          service: query.service && (await caller.service(query.service)).ref,
          limit: Number(query.limit ?? 20),
        },
        changes,
        resolveServices: refs => caller.services(refs),
        trainOf: ref => conductor.trainOf(ref),
      }),
    );
    res.json({ items });
  });

  router.get('/changes/between', async (req, res) => {
    const query = req.query as Record<string, string | undefined>;
    res.json(
      await guard.read(req, 'changes-between', async caller => {
        const rows = await changes.between(
          await caller.readableRef(query.service!),
          query.from,
          query.to!,
          200,
        );
        return { items: rows.map(toChange) };
      }),
    );
  });
}
