import { DateTime } from 'luxon';
import { useApi } from '@backstage/core-plugin-api';
import {
  InsightsScope,
  ReleaseTrainsApi,
} from '@release-trains/plugin-release-trains-common';
import { DependencyList } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { releaseTrainsApiRef } from '../../api';

/**
 * An insight report of the scope, fetched again when the scope or one of
 * `deps` (what else the request reads) changes.
 */
export function useInsightReport<T>(
  scope: InsightsScope,
  fetch: (api: ReleaseTrainsApi, scope: InsightsScope) => Promise<T>,
  deps: DependencyList = [],
) {
  const api = useApi(releaseTrainsApiRef);
  // By field: callers may pass a new scope object with every render.
  const { service, owner, system } = scope;
  return useAsync(
    () => fetch(api, { service, owner, system }),
    [api, service, owner, system, ...deps],
  );
}

/** The last `days` up to now, as an insight query's `from` and `to`. */
export function lastDays(days: number): { from: string; to: string } {
  const to = DateTime.now();
  return {
    from: to.minus({ days }).toUTC().toISO()!,
    to: to.toUTC().toISO()!,
  };
}
