/**
 * The Release Trains plugin for Backstage's new frontend system.
 *
 * @packageDocumentation
 */

import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import TimelineIcon from '@material-ui/icons/Timeline';
import TrainIcon from '@material-ui/icons/Train';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import {
  isReleaseTrainsAvailable,
  ReleaseTrainsClient,
} from '@release-trains/plugin-release-trains-common';
import { releaseTrainsApiRef } from './api';
import { insightsRouteRef } from './routes';

/**
 * The Release Trains API client.
 *
 * @alpha
 */
export const releaseTrainsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: releaseTrainsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ReleaseTrainsClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The Release tab on the entity page of every service on a pipeline.
 *
 * @alpha
 */
export const releaseTrainsEntityContent = EntityContentBlueprint.make({
  params: {
    path: '/release',
    title: 'Release',
    filter: isReleaseTrainsAvailable,
    loader: () => import('./components/ReleaseTab').then(m => <m.ReleaseTab />),
  },
});

/**
 * The scaffolder form field to pick a pipeline, fed by the backend.
 *
 * @alpha
 */
export const releaseTrainsPipelinePickerField = FormFieldBlueprint.make({
  name: 'pipeline-picker',
  params: {
    field: () =>
      import('./components/ScaffolderFields').then(m => m.pipelinePickerField),
  },
});

/**
 * The scaffolder form field to pick a train, fed by the backend.
 *
 * @alpha
 */
export const releaseTrainsTrainPickerField = FormFieldBlueprint.make({
  name: 'train-picker',
  params: {
    field: () =>
      import('./components/ScaffolderFields').then(m => m.trainPickerField),
  },
});

const pageRouteRef = createRouteRef();

/**
 * The plugin page: "where is my change" across the organisation.
 *
 * @alpha
 */
export const releaseTrainsPage = PageBlueprint.make({
  params: {
    path: '/release-trains',
    title: 'Release Trains',
    icon: <TrainIcon />,
    // The page brings its own header.
    noHeader: true,
    routeRef: pageRouteRef,
    loader: () =>
      import('./components/ReleaseTrainsPage').then(m => (
        <m.ReleaseTrainsPage />
      )),
  },
});

/**
 * The delivery insights page: the DORA metrics of a service, an owner's
 * services, a system's or the organisation's. Its own page (and nav item)
 * under the plugin's path, filtered by its search parameters.
 *
 * @alpha
 */
export const releaseTrainsInsightsPage = PageBlueprint.make({
  name: 'insights',
  params: {
    path: '/release-trains/insights',
    title: 'Delivery insights',
    icon: <TimelineIcon />,
    // The page brings its own header.
    noHeader: true,
    routeRef: insightsRouteRef,
    loader: () => import('./components/Insights').then(m => <m.InsightsPage />),
  },
});

/**
 * The Release Trains frontend plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'release-trains',
  routes: { root: pageRouteRef, insights: insightsRouteRef },
  extensions: [
    releaseTrainsApi,
    releaseTrainsPage,
    releaseTrainsInsightsPage,
    releaseTrainsEntityContent,
    releaseTrainsPipelinePickerField,
    releaseTrainsTrainPickerField,
  ],
});
