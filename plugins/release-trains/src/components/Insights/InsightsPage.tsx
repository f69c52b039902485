import {
  Content,
  EmptyState,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { DateTime } from 'luxon';
import { Route, Routes } from 'react-router-dom';
import { insightsDeploymentsRouteRef } from '../../routes';
import { ComplianceTable } from './ComplianceTable';
import { DoraHeadlines } from './DoraHeadlines';
import { DoraTrends } from './DoraTrends';
import { DriftWarnings } from './DriftWarnings';
import { InsightsDeployments } from './InsightsDeployments';
import { plural } from './format';
import { InsightsFilters, useInsightsFilter } from './InsightsFilters';
import { LagTable } from './LagTable';
import { TeamComparison } from './TeamComparison';
import { doraFigureLinks, useDeploymentsLink } from './links';
import { lastDays, useInsightReport } from './useInsightReport';

/** The DORA report of the scope the page's search parameters name. */
function InsightsReport() {
  const { filter } = useInsightsFilter();
  const { service, owner, system, rangeDays, bucket } = filter;
  const query = {
    service: service || undefined,
    owner: owner || undefined,
    system: system || undefined,
  };
  const { value, loading, error } = useInsightReport(
    query,
    (api, scope) => {
      return api.getDoraReport({
        ...scope,
        ...lastDays(rangeDays),
        bucket,
        timeZone: DateTime.local().zoneName ?? undefined,
      });
    },
    [rangeDays, bucket],
  );
  // Each figure leads to the deployments behind it.
  const deploymentsLink = useDeploymentsLink();

  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (loading || !value) {
    return <Progress />;
  }
  if (value.serviceCount === 0) {
    return (
      <EmptyState
        missing="data"
        title="No services in scope"
        description="No service on a Release Trains pipeline that you may see matches these filters."
      />
    );
  }
  const scope = value.scope.service
    ? value.scope.service
    : plural(value.serviceCount, 'service');
  const links =
    deploymentsLink && doraFigureLinks(deploymentsLink, query, value);
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <DriftWarnings scope={query} showService={!service} />
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title={`Over the last ${rangeDays} days`}
          subheader={`${scope}; figures below ${value.minimumSamples} samples read "Not enough data"`}
        >
          <DoraHeadlines figures={value.totals} links={links} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title={`Per ${value.bucket}`}>
          <DoraTrends report={value} />
        </InfoCard>
      </Grid>
      {!service && !owner && (
        <Grid item xs={12}>
          <InfoCard
            title="Teams"
            subheader={`Each team's figures over the last ${rangeDays} days, for the services it owns`}
          >
            <TeamComparison system={query.system} rangeDays={rangeDays} />
          </InfoCard>
        </Grid>
      )}
      <Grid item xs={12}>
        <InfoCard
          title="Where changes wait"
          subheader="What runs in a stage and not yet in the next, the longest waiting first"
        >
          <LagTable scope={query} showService={!service} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title="Gate compliance"
          subheader={`Deployments into the last stage over the last ${rangeDays} days that passed its gate`}
        >
          <ComplianceTable scope={query} rangeDays={rangeDays} />
        </InfoCard>
      </Grid>
    </Grid>
  );
}

/** The figures of the scope the search parameters name. */
function InsightsOverview() {
  return (
    <Page themeId="tool">
      <Header
        title="Delivery insights"
        subtitle="DORA's five software delivery metrics, from the Release Trains ledger"
      />
      <Content>
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <InsightsFilters />
          </Grid>
          <Grid item xs={12}>
            <InsightsReport />
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
}

/**
 * Delivery insights: DORA's five software delivery metrics of a service, an
 * owner's services, a system's or the organisation's, with their trends, and
 * the deployments behind each figure.
 *
 * @public
 */
export function InsightsPage() {
  return (
    <Routes>
      <Route path="/" element={<InsightsOverview />} />
      <Route
        path={insightsDeploymentsRouteRef.path}
        element={<InsightsDeployments />}
      />
    </Routes>
  );
}
