import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  InsightsScope,
  LagReport,
  StageLag,
  WaitingChange,
} from '@release-trains/plugin-release-trains-common';
import { Duration } from 'luxon';
import { plural } from './format';
import { useDeploymentsLink } from './links';
import { useInsightReport } from './useInsightReport';

/** A service's adjacent pair of stages with something waiting between them. */
type WaitingPair = StageLag & { service: string };

/** The pairs with something waiting, the longest-waiting change first. */
function waitingPairs(report: LagReport): WaitingPair[] {
  const age = (pair: WaitingPair) => pair.oldestWaitingChange?.ageSeconds ?? -1;
  return report.services
    .flatMap(service =>
      service.pairs.map(pair => ({ ...pair, service: service.service })),
    )
    .filter(pair => pair.waitingVersions > 0 || pair.waitingChanges > 0)
    .sort((a, b) => age(b) - age(a));
}

/** How long a change has waited, in its largest unit: "9 days", "5 hours". */
function waitingAge(seconds: number): string {
  const { days, hours, minutes } = Duration.fromObject({
    seconds: Math.max(0, Math.round(seconds)),
  })
    .shiftTo('days', 'hours', 'minutes', 'seconds')
    .toObject();
  if (days) return Duration.fromObject({ days }).toHuman();
  if (hours) return Duration.fromObject({ hours }).toHuman();
  return Duration.fromObject({ minutes: minutes ?? 0 }).toHuman();
}

/** "PR #123 Retry declines by ana, waiting 9 days". */
function describeWaitingChange(change: WaitingChange): string {
  const pr = change.prNumber !== undefined ? `PR #${change.prNumber} ` : '';
  return `${pr}${change.title} by ${change.author}, waiting ${waitingAge(
    change.ageSeconds,
  )}`;
}

/** The trend as its weekly counts: "8 weeks: 0 1 3 …". */
function describeTrend(trend: StageLag['trend']): string {
  if (trend.length === 0) return '—';
  return `${plural(trend.length, 'week')}: ${trend
    .map(week => week.waitingChanges)
    .join(' ')}`;
}

/** The table of what waits where, for a report already fetched. */
function LagRows(props: { report: LagReport; showService?: boolean }) {
  const pairs = waitingPairs(props.report);
  const deploymentsLink = useDeploymentsLink();
  if (pairs.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        Nothing waits between stages
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Where changes wait">
      <TableHead>
        <TableRow>
          {props.showService && <TableCell>Service</TableCell>}
          <TableCell>Stages</TableCell>
          <TableCell align="right">Versions waiting</TableCell>
          <TableCell align="right">Changes waiting</TableCell>
          <TableCell>Oldest waiting change</TableCell>
          <TableCell>Changes waiting, weekly</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {pairs.map(pair => (
          <TableRow key={`${pair.service} ${pair.upstream} ${pair.downstream}`}>
            {props.showService && <TableCell>{pair.service}</TableCell>}
            <TableCell>
              {deploymentsLink ? (
                // What waits is what ran upstream.
                <Link
                  to={deploymentsLink({
                    service: pair.service,
                    stage: pair.upstream,
                    outcome: 'ran',
                  })}
                  // Named by what it shows first, as speech input expects.
                  aria-label={`${pair.upstream} → ${pair.downstream}: deployments into ${pair.upstream} of ${pair.service}`}
                >
                  {`${pair.upstream} → ${pair.downstream}`}
                </Link>
              ) : (
                `${pair.upstream} → ${pair.downstream}`
              )}
            </TableCell>
            <TableCell align="right">{pair.waitingVersions}</TableCell>
            <TableCell align="right">{pair.waitingChanges}</TableCell>
            <TableCell>
              {pair.oldestWaitingChange
                ? describeWaitingChange(pair.oldestWaitingChange)
                : '—'}
            </TableCell>
            <TableCell>{describeTrend(pair.trend)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * What runs in a stage and not yet in the next, per service in scope and
 * pair of stages, the longest-waiting change first (docs/insights.md, Lag).
 *
 * @public
 */
export function LagTable(props: {
  scope: InsightsScope;
  /** Name the service of each row: for a scope of several. */
  showService?: boolean;
}) {
  const { value, loading, error } = useInsightReport(
    props.scope,
    (api, scope) => api.getLagReport(scope),
  );
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (loading || !value) {
    return <Progress />;
  }
  return <LagRows report={value} showService={props.showService} />;
}
