import { ScopeQuery } from '../../insights/scope';
import { RouteContext } from '../router';
import { Caller } from '../RouteGuard';

/** The scope of an insight: a service (404 unless readable), an owner, a system. */
export async function scope(
  caller: Caller,
  query: { service?: string; owner?: string; system?: string },
): Promise<ScopeQuery> {
  return {
    service: query.service ? await caller.service(query.service) : undefined,
    owner: query.owner,
    system: query.system,
  };
}

/** Delivery insights: DORA metrics, lag between stages, gate compliance. */
export function insightsRoutes({
  router,
  guard,
  dora,
  lag,
  compliance,
  drift,
}: RouteContext) {
  router.get('/insights/dora', async (req, res) => {
    const { query } = req;
    res.json(
      await guard.read(req, 'insights-dora-fetch', async caller =>
        dora.report(
          {
            ...(await scope(caller, query)),
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

  router.get('/insights/dora/teams', async (req, res) => {
    const { query } = req;
    res.json(
      await guard.read(req, 'insights-dora-teams-fetch', async caller =>
        dora.teams(
          {
            system: query.system,
            from: query.from ? new Date(query.from) : undefined,
            to: query.to ? new Date(query.to) : undefined,
          },
          refs => caller.readable(refs),
        ),
      ),
    );
  });

  router.get('/insights/lag', async (req, res) => {
    const { query } = req;
    res.json(
      await guard.read(req, 'insights-lag-fetch', async caller =>
        lag.report(
          {
            ...(await scope(caller, query)),
            weeks: query.weeks === undefined ? undefined : Number(query.weeks),
          },
          refs => caller.readable(refs),
        ),
      ),
    );
  });

  router.get('/insights/compliance', async (req, res) => {
    const { query } = req;
    res.json(
      await guard.read(req, 'insights-compliance-fetch', async caller =>
        compliance.report(
          {
            ...(await scope(caller, query)),
            from: query.from ? new Date(query.from) : undefined,
            to: query.to ? new Date(query.to) : undefined,
          },
          refs => caller.readable(refs),
        ),
      ),
    );
  });

  router.get('/insights/drift', async (req, res) => {
    const { query } = req;
    res.json(
      await guard.read(req, 'insights-drift-fetch', async caller =>
        drift.report(await scope(caller, query), refs => caller.readable(refs)),
      ),
    );
  });
}
