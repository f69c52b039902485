import { parseEntityRef } from '@backstage/catalog-model';
import { RouteRef, useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { insightsRouteRef } from '../../routes';

/** A route's path, or undefined where the app does not mount it. */
function useOptionalRoute(routeRef: RouteRef) {
  try {
    // Every hook runs before useRouteRef throws for a route it cannot resolve.
    return useRouteRef(routeRef);
  } catch {
    return undefined;
  }
}

/** The search parameters of the insights page. */
export const INSIGHTS_PARAMS = [
  'service',
  'owner',
  'system',
  'range',
  'bucket',
] as const;

/** A link to the insights page filtered to a service, where the app has the page. */
export function useInsightsLink(service: string): string | undefined {
  const insightsRoute = useOptionalRoute(insightsRouteRef);
  return insightsRoute
    ? `${insightsRoute()}?${new URLSearchParams({ service })}`
    : undefined;
}

/** A link to a service's Release tab and its deploy history. */
export function useReleaseTabLink(service?: string): string | undefined {
  const entityRoute = useOptionalRoute(entityRouteRef);
  if (!entityRoute || !service) return undefined;
  const { kind, namespace, name } = parseEntityRef(service);
  return `${entityRoute({ kind, namespace, name })}/release`;
}
