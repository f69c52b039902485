import { releaseTrainsServiceRegisterPermission } from '@release-trains/plugin-release-trains-common';
import { RouteContext } from '../router';

/** Registering a new service on its pipeline (the golden path's last step). */
export function servicesRoutes(context: RouteContext) {
  const { router, guard, registration } = context;

  router.post('/services', async (req, res) => {
    const { body } = req;
    const { created, ...registered } = await guard.mutation(
      req,
      { eventId: 'service-register', meta: body },
      async caller => {
        await caller.authorizeBasic(releaseTrainsServiceRegisterPermission);
        return registration.register(body, async ref =>
          (await caller.readable([ref])).has(ref),
        );
      },
      result => ({ service: result.service, created: result.created }),
    );
    res.status(created ? 201 : 200).json(registered);
  });
}
