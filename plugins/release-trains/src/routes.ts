import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/** The Release tab on an entity page (legacy frontend system). */
export const entityContentRouteRef = createRouteRef({
  id: 'release-trains:entity-content',
});

/** The plugin page with the "where is my change" search. */
export const rootRouteRef = createRouteRef({ id: 'release-trains' });

/** The delivery insights page: the DORA metrics of a scope of services. */
export const insightsRouteRef = createRouteRef({
  id: 'release-trains:insights',
});

/** The deployments behind the insights' figures, filtered by the search parameters. */
export const insightsDeploymentsRouteRef = createSubRouteRef({
  id: 'release-trains:insights-deployments',
  parent: insightsRouteRef,
  path: '/deployments',
});
