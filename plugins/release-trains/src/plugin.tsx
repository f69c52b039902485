import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';

import { rootRouteRef } from './routes';

export const page = PageBlueprint.make({
  params: {
    path: '/release-trains',
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/TodoPage').then(m => (
        <m.TodoPage />
      )),
  },
});

export const releaseTrainsPlugin = createFrontendPlugin({
  pluginId: 'release-trains',
  extensions: [page],
  routes: {
    root: rootRouteRef,
  }
});
