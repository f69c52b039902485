import {
  Content,
  Header,
  Link,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  DEPLOYMENT_KINDS,
  DEPLOYMENT_OUTCOMES,
  DEPLOYMENT_STATES,
  DeploymentFilter,
} from '@release-trains/plugin-release-trains-common';
import { DateTime } from 'luxon';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { releaseTrainsApiRef } from '../../api';
import { insightsRouteRef } from '../../routes';
import { DeploymentHistory } from '../DeploymentHistory';
import { DEPLOYMENTS_PARAMS, DeploymentsQuery } from './links';

/** The search parameters the history's own filter sets. */
const FILTER_PARAMS = DEPLOYMENTS_PARAMS.filter(
  (name): name is Exclude<typeof name, 'service' | 'owner' | 'system'> =>
    name !== 'service' && name !== 'owner' && name !== 'system',
);

const oneOf = <T extends string>(options: readonly T[], value: string | null) =>
  (options as readonly (string | null)[]).includes(value)
    ? (value as T)
    : undefined;

const flag = (value: string | null) =>
  value === 'true' || value === 'false' ? value === 'true' : undefined;

/** The view's query, from its search parameters; unknown values are dropped. */
function queryOf(params: URLSearchParams): DeploymentsQuery {
  const text = (name: string) => params.get(name) || undefined;
  return {
    service: text('service'),
    owner: text('owner'),
    system: text('system'),
    stage: text('stage'),
    lastStage: flag(params.get('lastStage')) || undefined,
    state: oneOf(DEPLOYMENT_STATES, params.get('state')),
    outcome: oneOf(DEPLOYMENT_OUTCOMES, params.get('outcome')),
    kind: oneOf(DEPLOYMENT_KINDS, params.get('kind')),
    createdBy: text('createdBy'),
    ungated: flag(params.get('ungated')),
    from: text('from'),
    to: text('to'),
    finishedFrom: text('finishedFrom'),
    finishedTo: text('finishedTo'),
  };
}

const day = (iso: string) =>
  DateTime.fromISO(iso).toLocaleString(DateTime.DATE_MED);

/** What the view lists, in words: "Services of group:default/team-a, …". */
function describe(query: DeploymentsQuery): string {
  const scope =
    query.service ??
    (query.owner || query.system
      ? `Services${query.owner ? ` of ${query.owner}` : ''}${
          query.system ? ` in ${query.system}` : ''
        }`
      : 'Every service you may see');
  const period = (from?: string, to?: string) =>
    [from && `from ${day(from)}`, to && `until ${day(to)}`]
      .filter(Boolean)
      .join(' ');
  const created = period(query.from, query.to);
  const finished = period(query.finishedFrom, query.finishedTo);
  return [
    scope,
    query.lastStage && 'into each one’s last stage',
    query.outcome === 'ran' &&
      'that ran (succeeded, perhaps rolled back since)',
    query.outcome === 'failure' && 'that failed or were rolled back',
    query.ungated === true && 'ungated',
    query.ungated === false && 'through the gate',
    created && `created ${created}`,
    finished && `finished ${finished}`,
  ]
    .filter(Boolean)
    .join(', ');
}

/**
 * The deployments behind the insights' figures: the deploy history of the
 * scope the search parameters name, filtered by them.
 */
export function InsightsDeployments() {
  const api = useApi(releaseTrainsApiRef);
  const insightsRoute = useRouteRef(insightsRouteRef);
  const [params, setParams] = useSearchParams();
  const query = queryOf(params);
  const { service, owner, system, ...filter } = query;
  const pipelines = useAsync(() => api.listPipelines(), [api]);

  const setFilter = (next: DeploymentFilter) =>
    setParams(
      current => {
        const updated = new URLSearchParams(current);
        for (const name of FILTER_PARAMS) {
          const value = next[name];
          if (value === undefined) updated.delete(name);
          else updated.set(name, String(value));
        }
        return updated;
      },
      { replace: true },
    );

  const back = new URLSearchParams(
    Object.entries({ service, owner, system }).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
  let content;
  if (pipelines.error) {
    content = <ResponseErrorPanel error={pipelines.error} />;
  } else if (pipelines.loading || !pipelines.value) {
    content = <Progress />;
  } else {
    // Every pipeline's stages, for the filter and the explanations.
    const titles: Record<string, string> = {};
    for (const pipeline of pipelines.value.items) {
      for (const stage of pipeline.stages) titles[stage.name] = stage.title;
    }
    content = (
      <DeploymentHistory
        service={service}
        scope={{ owner, system }}
        stages={Object.keys(titles)}
        stageTitles={titles}
        filter={filter}
        onFilterChange={setFilter}
      />
    );
  }
  return (
    <Page themeId="tool">
      <Header
        title="Deployments"
        subtitle="The deployments behind the delivery insights"
      />
      <Content>
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <Typography variant="body1">{describe(query)}</Typography>
            <Link to={`${insightsRoute()}?${back}`}>Back to the insights</Link>
          </Grid>
          <Grid item xs={12}>
            {content}
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
}
