import { RouteContext } from '../router';

/** Delivery insights: the DORA metrics of a scope of services. */
export function insightsRoutes({ router, guard, dora }: RouteContext) {
  router.get('/insights/dora', async (req, res) => {
    const { query } = req;
    res.json(
      await guard.read(req, 'insights-dora-fetch', async caller =>
        dora.report(
          {
            service: query.service && (await caller.service(query.service)).ref,
            owner: query.owner,
            system: query.system,
            from: query.from ? new Date(query.from) : undefined,
            to: query.to ? new Date(query.to) : undefined,
            bucket: query.bucket,
            timeZone: query.timeZone,
          },
          refs => caller.readable(refs),
        ),
      ),
    );
  });
}
