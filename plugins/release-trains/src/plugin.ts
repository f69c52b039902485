import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { ReleaseTrainsClient } from '@release-trains/plugin-release-trains-common';
import { releaseTrainsApiRef } from './api';
import { entityContentRouteRef, rootRouteRef } from './routes';

/**
 * The Release Trains frontend plugin, for apps on the legacy frontend system.
 * Apps on the new frontend system use the default export of `/alpha`.
 *
 * @public
 */
export const releaseTrainsPlugin = createPlugin({
  id: 'release-trains',
  apis: [
    createApiFactory({
      api: releaseTrainsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ReleaseTrainsClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
    entityContent: entityContentRouteRef,
  },
});

/**
 * The Release tab for a service's entity page, e.g.
 * `<EntityLayout.Route path="/release" title="Release" if={isReleaseTrainsAvailable}>`.
 *
 * @public
 */
export const EntityReleaseTrainsContent: () => JSX.Element =
  releaseTrainsPlugin.provide(
    createRoutableExtension({
      name: 'EntityReleaseTrainsContent',
      component: () =>
        import('./components/ReleaseTab').then(m => m.ReleaseTab),
      mountPoint: entityContentRouteRef,
    }),
  );

/**
 * The plugin page with the "where is my change" search, e.g.
 * `<Route path="/release-trains" element={<ReleaseTrainsPage />} />`.
 *
 * @public
 */
export const ReleaseTrainsPage: () => JSX.Element = releaseTrainsPlugin.provide(
  createRoutableExtension({
    name: 'ReleaseTrainsPage',
    component: () =>
      import('./components/ReleaseTrainsPage').then(m => m.ReleaseTrainsPage),
    mountPoint: rootRouteRef,
  }),
);
