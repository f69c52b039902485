import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableFooter from '@material-ui/core/TableFooter';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  ComplianceReport,
  GateShare,
  InsightsScope,
  ServiceCompliance,
} from '@release-trains/plugin-release-trains-common';
import { DateTime } from 'luxon';
import { useState } from 'react';
import { percent, plural } from './format';
import { DeploymentsQuery, useDeploymentsLink } from './links';
import { RehearsalShareText, RehearsalSummary } from './RehearsalShare';
import { useInsightReport, lastDays } from './useInsightReport';

/** How many ungated deployments a collapsed row lists. */
const FIRST_FEW = 3;

function ShareCells(props: {
  share: GateShare;
  counted: DeploymentsQuery;
  /** Whose deployments, for the link's label. */
  of: string;
}) {
  const { deployments, gated, share } = props.share;
  return (
    <>
      <TableCell align="right">
        <CountLink
          count={deployments}
          query={props.counted}
          label={`deployments of ${props.of} counted`}
        />
      </TableCell>
      <TableCell align="right">{gated}</TableCell>
      <TableCell align="right">
        {share === undefined ? '—' : percent(share)}
      </TableCell>
    </>
  );
}

/** A link to the deployments behind a count, where the app has the view. */
function CountLink(props: {
  count: string | number;
  query: DeploymentsQuery;
  label: string;
}) {
  const deploymentsLink = useDeploymentsLink();
  return deploymentsLink ? (
    // Named by what it shows first, as speech input expects.
    <Link
      to={deploymentsLink(props.query)}
      aria-label={`${props.count}: ${props.label}`}
    >
      {props.count}
    </Link>
  ) : (
    <>{props.count}</>
  );
}

/** A service's ungated deployments: a count and the newest few, or all. */
function UngatedList(props: {
  service: ServiceCompliance;
  /** The service's deployments counted, ungated or not. */
  counted: DeploymentsQuery;
}) {
  const { ungated, truncated, deployments, gated } = props.service;
  const [expanded, setExpanded] = useState(false);
  // The count is exact even when the list holds only the newest.
  const count = deployments - gated;
  if (count === 0 && ungated.length === 0) {
    return <>None</>;
  }
  const shown = expanded ? ungated : ungated.slice(0, FIRST_FEW);
  return (
    <>
      <Typography variant="body2">
        <CountLink
          count={`${count} ungated`}
          query={{ ...props.counted, ungated: true }}
          label={`deployments of ${props.service.service}`}
        />
      </Typography>
      {shown.map(deployment => (
        <Typography key={deployment.id} variant="body2" color="textSecondary">
          {`${deployment.version}, ${DateTime.fromISO(
            deployment.finishedAt,
          ).toFormat('yyyy-MM-dd HH:mm')}, by ${deployment.createdBy}`}
          {deployment.reason ? `: ${deployment.reason}` : ''}
        </Typography>
      ))}
      {ungated.length > FIRST_FEW && (
        <Button size="small" onClick={() => setExpanded(!expanded)}>
          {expanded
            ? 'Show fewer'
            : `Show ${truncated ? 'the newest' : 'all'} ${ungated.length}`}
        </Button>
      )}
    </>
  );
}

/** The table of gate compliance, for a report already fetched. */
function ComplianceRows(props: { report: ComplianceReport }) {
  const { services, totals, rehearsals, scope, from, to } = props.report;
  // What the report counts: the deployments that ran into a last stage and
  // finished in the period.
  const counted = {
    outcome: 'ran',
    finishedFrom: from,
    finishedTo: to,
  } as const;
  if (services.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No services in scope
      </Typography>
    );
  }
  return (
    <>
      <RehearsalSummary share={rehearsals} />
      <Table size="small" aria-label="Gate compliance">
        <TableHead>
          <TableRow>
            <TableCell>Service</TableCell>
            <TableCell>Last stage</TableCell>
            <TableCell align="right">Deployments</TableCell>
            <TableCell align="right">Passed the gate</TableCell>
            <TableCell align="right">Share</TableCell>
            <TableCell>Ungated</TableCell>
            <TableCell align="right">Rehearsed rollback</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {services.map(service => (
            <TableRow key={service.service}>
              <TableCell>{service.service}</TableCell>
              <TableCell>{service.stage}</TableCell>
              <ShareCells
                share={service}
                counted={{
                  ...counted,
                  service: service.service,
                  stage: service.stage,
                }}
                of={service.service}
              />
              <TableCell>
                <UngatedList
                  service={service}
                  counted={{
                    ...counted,
                    service: service.service,
                    stage: service.stage,
                  }}
                />
              </TableCell>
              <TableCell align="right">
                <RehearsalShareText share={service.rehearsals} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
        <TableFooter>
          <TableRow>
            <TableCell colSpan={2}>
              {`Total, ${plural(services.length, 'service')}`}
            </TableCell>
            <ShareCells
              share={totals}
              counted={{ ...counted, ...scope, lastStage: true }}
              of="every service"
            />
            <TableCell>
              <CountLink
                count={`${totals.deployments - totals.gated} ungated`}
                query={{ ...counted, ...scope, lastStage: true, ungated: true }}
                label="deployments of every service"
              />
            </TableCell>
            <TableCell align="right">
              <RehearsalShareText share={rehearsals} />
            </TableCell>
          </TableRow>
        </TableFooter>
      </Table>
    </>
  );
}

/**
 * Of the deployments into each service's last stage over the last
 * `rangeDays` days, how many passed its gate, with the ungated ones
 * (docs/insights.md, Gate compliance).
 *
 * @public
 */
export function ComplianceTable(props: {
  scope: InsightsScope;
  rangeDays: number;
}) {
  const { rangeDays } = props;
  const { value, loading, error } = useInsightReport(
    props.scope,
    (api, scope) => {
      return api.getComplianceReport({
        ...scope,
        ...lastDays(rangeDays),
      });
    },
    [rangeDays],
  );
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (loading || !value) {
    return <Progress />;
  }
  return <ComplianceRows report={value} />;
}
