import { Entity } from '@backstage/catalog-model';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import releaseTrainsAlphaPlugin, {
  releaseTrainsEntityContent,
  releaseTrainsInsightsPage,
} from './alpha';
import { releaseTrainsPlugin } from './plugin';
import { insightsRouteRef } from './routes';

const component = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments', annotations },
});

describe('release-trains plugin', () => {
  it('provides the API client to legacy apps', () => {
    expect(
      [...releaseTrainsPlugin.getApis()].map(factory => factory.api.id),
    ).toEqual(['plugin.release-trains.service']);
  });

  it('adds a Release tab at /release to services on a pipeline only', () => {
    const tester = createExtensionTester(releaseTrainsEntityContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Release');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    expect(filter?.(component({ 'release-trains/pipeline': 'default' }))).toBe(
      true,
    );
    expect(filter?.(component({}))).toBe(false);
  });

  it('adds the insights page under the plugin’s path, with its nav title', () => {
    const tester = createExtensionTester(releaseTrainsInsightsPage);
    expect(tester.get(coreExtensionData.routePath)).toBe(
      '/release-trains/insights',
    );
    expect(tester.get(coreExtensionData.title)).toBe('Delivery insights');
    expect(tester.get(coreExtensionData.routeRef)).toBe(insightsRouteRef);
    expect(releaseTrainsAlphaPlugin.routes.insights).toBe(insightsRouteRef);
    expect(releaseTrainsPlugin.routes.insights).toBe(insightsRouteRef);
  });
});
