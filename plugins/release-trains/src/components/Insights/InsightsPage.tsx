import {
  Content,
  EmptyState,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import { DateTime } from 'luxon';
import useAsync from 'react-use/esm/useAsync';
import { releaseTrainsApiRef } from '../../api';
import { ComplianceTable } from './ComplianceTable';
import { DoraHeadlines } from './DoraHeadlines';
import { DoraTrends } from './DoraTrends';
import { DriftWarnings } from './DriftWarnings';
import { plural } from './format';
import { InsightsFilters, useInsightsFilter } from './InsightsFilters';
import { LagTable } from './LagTable';
import { useReleaseTabLink } from './links';

/** The DORA report of the scope the page's search parameters name. */
function InsightsReport() {
  const api = useApi(releaseTrainsApiRef);
  const { filter } = useInsightsFilter();
  const { service, owner, system, rangeDays, bucket } = filter;
  const { value, loading, error } = useAsync(() => {
    const to = DateTime.now();
    return api.getDoraReport({
      service: service || undefined,
      owner: owner || undefined,
      system: system || undefined,
      from: to.minus({ days: rangeDays }).toUTC().toISO(),
      to: to.toUTC().toISO(),
      bucket,
      timeZone: DateTime.local().zoneName ?? undefined,
    });
  }, [api, service, owner, system, rangeDays, bucket]);
  // A single service's figures lead to its deploy history.
  const historyLink = useReleaseTabLink(value?.scope.service);

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
  const query = {
    service: service || undefined,
    owner: owner || undefined,
    system: system || undefined,
  };
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
          <DoraHeadlines figures={value.totals} historyLink={historyLink} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title={`Per ${value.bucket}`}>
          <DoraTrends report={value} />
        </InfoCard>
      </Grid>
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

/**
 * Delivery insights: DORA's five software delivery metrics of a service, an
 * owner's services, a system's or the organisation's, with their trends.
 *
 * @public
 */
export function InsightsPage() {
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
