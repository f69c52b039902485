import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { ReleaseTrainsClient } from '@release-trains/plugin-release-trains-common';
import { releaseTrainsApiRef } from './api';
import {
  entityContentRouteRef,
  insightsRouteRef,
  rootRouteRef,
} from './routes';

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
    insights: insightsRouteRef,
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

/**
 * The delivery insights page: DORA's five metrics of a service, an owner's
 * services, a system's or the organisation's, e.g.
 * `<Route path="/release-trains/insights" element={<InsightsPage />} />`.
 * Mounted, it is also what the Release tab's "More in Insights" links to.
 *
 * @public
 */
export const InsightsPage: () => JSX.Element = releaseTrainsPlugin.provide(
  createRoutableExtension({
    name: 'InsightsPage',
    component: () => import('./components/Insights').then(m => m.InsightsPage),
    mountPoint: insightsRouteRef,
  }),
);
