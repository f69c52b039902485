import { RouteRef, SubRouteRef, useRouteRef } from '@backstage/core-plugin-api';
import {
  DeploymentFilter,
  DeploymentOutcome,
  DoraFigures,
  InsightsScope,
} from '@release-trains/plugin-release-trains-common';
import { useSearchParams } from 'react-router-dom';
import { insightsDeploymentsRouteRef, insightsRouteRef } from '../../routes';

/** A route's path, or undefined where the app does not mount it. */
function useOptionalRoute(routeRef: RouteRef | SubRouteRef) {
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

/**
 * A link to the insights page filtered to an owner, keeping the page's other
 * filters, where the app has the page.
 */
export function useOwnerInsightsLink():
  | ((owner: string) => string)
  | undefined {
  const insightsRoute = useOptionalRoute(insightsRouteRef);
  const [current] = useSearchParams();
  if (!insightsRoute) return undefined;
  return owner => {
    const params = new URLSearchParams();
    for (const name of INSIGHTS_PARAMS) {
      const value = name === 'owner' ? owner : current.get(name);
      if (value) params.set(name, value);
    }
    return `${insightsRoute()}?${params}`;
  };
}

/** Which deployments the deployments view lists: a scope's, filtered. */
export type DeploymentsQuery = InsightsScope & DeploymentFilter;

/** The search parameters of the deployments view, in the order links give them. */
export const DEPLOYMENTS_PARAMS = [
  'service',
  'owner',
  'system',
  'stage',
  'lastStage',
  'state',
  'outcome',
  'kind',
  'createdBy',
  'ungated',
  'from',
  'to',
  'finishedFrom',
  'finishedTo',
] as const satisfies readonly (keyof DeploymentsQuery)[];

/**
 * Links to the deployments view, where the app has the insights page: the
 * deployments behind a figure.
 */
export function useDeploymentsLink():
  | ((query: DeploymentsQuery) => string)
  | undefined {
  const deploymentsRoute = useOptionalRoute(insightsDeploymentsRouteRef);
  if (!deploymentsRoute) return undefined;
  return query => {
    const params = new URLSearchParams();
    for (const name of DEPLOYMENTS_PARAMS) {
      const value = query[name];
      if (value !== undefined && value !== '') params.set(name, String(value));
    }
    return `${deploymentsRoute()}?${params}`;
  };
}

/**
 * Links to the deployments behind each DORA figure of a scope over a
 * report's period: those into each service's last stage that finished in
 * it, as the figures count them (docs/insights.md).
 */
export function doraFigureLinks(
  deploymentsLink: (query: DeploymentsQuery) => string,
  scope: InsightsScope,
  period: { from: string; to: string },
): Record<keyof DoraFigures, string> {
  const link = (outcome?: DeploymentOutcome) =>
    deploymentsLink({
      ...scope,
      lastStage: true,
      outcome,
      finishedFrom: period.from,
      finishedTo: period.to,
    });
  return {
    deploymentFrequency: link('ran'),
    leadTime: link('ran'),
    changeFailRate: link('failure'),
    recoveryTime: link(),
    reworkRate: link(),
  };
}
