import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ReleaseTrainsClient } from '@internal/backstage-plugin-release-trains-common';
import { HttpResponse } from 'msw';
import { ReactElement } from 'react';
import { releaseTrainsApiRef } from '../api';

/** Where the tests' backend lives; msw answers for it. */
export const testBaseUrl = 'http://backstage.test/api/release-trains';

/** Renders with the real client against `testBaseUrl` and the catalog routes. */
export function renderWithReleaseTrainsApi(element: ReactElement) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [
          releaseTrainsApiRef,
          new ReleaseTrainsClient({
            discoveryApi: { getBaseUrl: async () => testBaseUrl },
          }),
        ],
      ]}
    >
      {element}
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

/** A Backstage error response, as the backend sends it. */
export function errorResponse(status: number, name: string, message: string) {
  return HttpResponse.json(
    { error: { name, message }, response: { statusCode: status } },
    { status },
  );
}
