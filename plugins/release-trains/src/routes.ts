import { createRouteRef } from '@backstage/core-plugin-api';

/** The Release tab on an entity page (legacy frontend system). */
export const entityContentRouteRef = createRouteRef({
  id: 'release-trains:entity-content',
});

/** The plugin page with the "where is my change" search. */
export const rootRouteRef = createRouteRef({ id: 'release-trains' });
