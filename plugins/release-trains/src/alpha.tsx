import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  isReleaseTrainsAvailable,
  ReleaseTrainsClient,
} from '@internal/backstage-plugin-release-trains-common';
import { releaseTrainsApiRef } from './api';

/** The Release Trains API client. */
export const releaseTrainsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: releaseTrainsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ReleaseTrainsClient({ discoveryApi, fetchApi }),
    }),
});

/** The Release tab on the entity page of every service on a pipeline. */
export const releaseTrainsEntityContent = EntityContentBlueprint.make({
  params: {
    path: '/release',
    title: 'Release',
    filter: isReleaseTrainsAvailable,
    loader: () => import('./components/ReleaseTab').then(m => <m.ReleaseTab />),
  },
});

/**
 * The Release Trains frontend plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'release-trains',
  extensions: [releaseTrainsApi, releaseTrainsEntityContent],
});
