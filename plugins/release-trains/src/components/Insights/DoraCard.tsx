import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { releaseTrainsApiRef } from '../../api';
import { DoraHeadlines } from './DoraHeadlines';
import { useInsightsLink } from './links';
import { lastDays } from './useInsightReport';

const CARD_DAYS = 90;

/**
 * A service's five DORA headline figures over the last 90 days, with a link
 * to the insights page filtered by the service.
 *
 * @public
 */
export function DoraCard(props: { service: string }) {
  const { service } = props;
  const api = useApi(releaseTrainsApiRef);
  const insightsLink = useInsightsLink(service);
  const { value, loading, error } = useAsync(() => {
    return api.getDoraReport({
      service,
      ...lastDays(CARD_DAYS),
      // Only the totals are shown: the fewest buckets.
      bucket: 'month',
    });
  }, [api, service]);

  let content;
  if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (loading || !value) {
    content = <Progress />;
  } else if (value.serviceCount === 0) {
    content = (
      <Typography variant="body2">
        No delivery figures for this service yet.
      </Typography>
    );
  } else {
    content = <DoraHeadlines figures={value.totals} dense />;
  }
  return (
    <InfoCard
      title="Delivery performance"
      subheader={`DORA metrics of the last ${CARD_DAYS} days`}
      deepLink={
        insightsLink
          ? { title: 'More in Insights', link: insightsLink }
          : undefined
      }
    >
      {content}
    </InfoCard>
  );
}
