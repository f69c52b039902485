import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
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
import useAsync from 'react-use/esm/useAsync';
import { releaseTrainsApiRef } from '../../api';
import { percent, plural } from './format';

/** How many ungated deployments a collapsed row lists. */
const FIRST_FEW = 3;

function ShareCells(props: { share: GateShare }) {
  const { deployments, gated, share } = props.share;
  return (
    <>
      <TableCell align="right">{deployments}</TableCell>
      <TableCell align="right">{gated}</TableCell>
      <TableCell align="right">
        {share === undefined ? '—' : percent(share)}
      </TableCell>
    </>
  );
}

/** A service's ungated deployments: a count and the newest few, or all. */
function UngatedList(props: { service: ServiceCompliance }) {
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
      <Typography variant="body2">{`${count} ungated`}</Typography>
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
  const { services, totals } = props.report;
  if (services.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No services in scope
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Gate compliance">
      <TableHead>
        <TableRow>
          <TableCell>Service</TableCell>
          <TableCell>Last stage</TableCell>
          <TableCell align="right">Deployments</TableCell>
          <TableCell align="right">Passed the gate</TableCell>
          <TableCell align="right">Share</TableCell>
          <TableCell>Ungated</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {services.map(service => (
          <TableRow key={service.service}>
            <TableCell>{service.service}</TableCell>
            <TableCell>{service.stage}</TableCell>
            <ShareCells share={service} />
            <TableCell>
              <UngatedList service={service} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
      <TableFooter>
        <TableRow>
          <TableCell colSpan={2}>
            {`Total, ${plural(services.length, 'service')}`}
          </TableCell>
          <ShareCells share={totals} />
          <TableCell>{`${
            totals.deployments - totals.gated
          } ungated`}</TableCell>
        </TableRow>
      </TableFooter>
    </Table>
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
  const { service, owner, system } = props.scope;
  const { rangeDays } = props;
  const api = useApi(releaseTrainsApiRef);
  const { value, loading, error } = useAsync(() => {
    const to = DateTime.now();
    return api.getComplianceReport({
      service,
      owner,
      system,
      from: to.minus({ days: rangeDays }).toUTC().toISO(),
      to: to.toUTC().toISO(),
    });
  }, [api, service, owner, system, rangeDays]);
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (loading || !value) {
    return <Progress />;
  }
  return <ComplianceRows report={value} />;
}
