import { RouteContext } from '../router';

/** Train schedules, departures, runs and manifests. */
export function trainsRoutes(context: RouteContext) {
  const { router, guard, trains } = context;

  router.get('/trains', async (req, res) => {
    const items = await guard.read(req, 'trains-fetch', caller =>
      trains.list(refs => caller.readable(refs)),
    );
    res.json({ items });
  });

  router.get('/trains/departures', async (req, res) => {
    const { query } = req;
    const items = await guard.read(req, 'train-departures-fetch', async () =>
      trains.departures(query),
    );
    res.json({ items });
  });

  router.get('/trains/runs', async (req, res) => {
    const { query } = req;
    const items = await guard.read(req, 'train-runs-fetch', caller =>
      trains.runs(
        {
          train: query.train,
          before: query.before,
          limit: Number(query.limit ?? 20),
        },
        refs => caller.readable(refs),
      ),
    );
    res.json({ items });
  });

  router.get('/trains/:name/calendar.ics', async (req, res) => {
    const { name } = req.params;
    const weeks = req.query.weeks === undefined ? 8 : Number(req.query.weeks);
    const calendar = await guard.read(req, 'train-calendar-fetch', caller =>
      trains.calendar(name, weeks, refs => caller.readable(refs)),
    );
    res
      .type('text/calendar; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="${name}.ics"`)
      .send(calendar);
  });

  router.get('/trains/:name/preview', async (req, res) => {
    res.json(
      await guard.read(req, 'train-departure-preview', caller =>
        trains.preview(req.params.name, refs => caller.readable(refs)),
      ),
    );
  });

  router.get('/trains/runs/:id', async (req, res) => {
    res.json(
      await guard.read(req, 'train-run-fetch', caller =>
        trains.manifest(req.params.id, refs => caller.readable(refs)),
      ),
    );
  });
}
