import { parseEntityRef } from '@backstage/catalog-model';
import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import Typography from '@material-ui/core/Typography';
import {
  DoraBand,
  DoraFigures,
  DoraTeamsReport,
} from '@release-trains/plugin-release-trains-common';
import { useState } from 'react';
import { BandChip } from './BandChip';
import {
  frequency,
  headlineLeadTime,
  humanDuration,
  percent,
  plural,
} from './format';
import {
  doraFigureLinks,
  useDeploymentsLink,
  useOwnerInsightsLink,
} from './links';
import { useInsightReport, lastDays } from './useInsightReport';

type Team = DoraTeamsReport['teams'][number] & { name: string };

/** A figure of a team: its text (none below the minimum of samples) and band. */
type Figure = {
  text?: string;
  band?: DoraBand;
  samples: string;
  /** What the column sorts by; none sorts last. */
  value?: number;
};

type Column = {
  key: keyof DoraFigures;
  title: string;
  figure: (totals: DoraFigures) => Figure;
};

const COLUMNS: Column[] = [
  {
    key: 'deploymentFrequency',
    title: 'Deployment frequency',
    figure: ({ deploymentFrequency: f }) => ({
      text: frequency(f.perDay),
      band: f.band,
      samples: plural(f.deployments, 'deployment'),
      value: f.perDay,
    }),
  },
  {
    key: 'leadTime',
    title: 'Median lead time',
    figure: ({ leadTime }) => {
      const lead = headlineLeadTime(leadTime);
      const median = lead?.duration.medianSeconds;
      return {
        text: median === undefined ? undefined : humanDuration(median),
        band: leadTime.band,
        samples: lead
          ? `${plural(lead.duration.samples, 'change')} from ${lead.from}`
          : plural(leadTime.fromCommit.samples, 'change'),
        value: median,
      };
    },
  },
  {
    key: 'changeFailRate',
    title: 'Change fail rate',
    figure: ({ changeFailRate: f }) => rate(f, f.band),
  },
  {
    key: 'recoveryTime',
    title: 'Median recovery time',
    figure: ({ recoveryTime: f }) => {
      const median = f.enough ? f.medianSeconds : undefined;
      return {
        text: median === undefined ? undefined : humanDuration(median),
        band: f.band,
        samples: plural(f.samples, 'recovery', 'recoveries'),
        value: median,
      };
    },
  },
  {
    key: 'reworkRate',
    title: 'Rework rate',
    figure: ({ reworkRate }) => rate(reworkRate),
  },
];

function rate(f: DoraFigures['reworkRate'], band?: DoraBand): Figure {
  const value = f.enough ? f.rate : undefined;
  return {
    text: value === undefined ? undefined : percent(value),
    band,
    samples: `${f.count} of ${plural(f.samples, 'deployment')}`,
    value,
  };
}

type SortKey = 'name' | 'serviceCount' | Column['key'];

function sortValue(team: Team, key: SortKey): string | number | undefined {
  if (key === 'name') return team.name;
  if (key === 'serviceCount') return team.serviceCount;
  return COLUMNS.find(column => column.key === key)!.figure(team.totals).value;
}

/** Teams ordered by a column; teams without the figure come last either way. */
function sorted(teams: Team[], key: SortKey, direction: 'asc' | 'desc') {
  const sign = direction === 'asc' ? 1 : -1;
  return [...teams].sort((a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    if (x === undefined || y === undefined) {
      if (x !== y) return x === undefined ? 1 : -1;
      return a.name.localeCompare(b.name);
    }
    const order =
      typeof x === 'string' ? x.localeCompare(String(y)) : x - Number(y);
    return sign * order || a.name.localeCompare(b.name);
  });
}

function FigureCell(props: { figure: Figure; link?: string; label: string }) {
  const { text, band, samples } = props.figure;
  const shown = text ?? 'Not enough data';
  return (
    <TableCell>
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        {props.link ? (
          // Named by what it shows first, as speech input expects.
          <Link to={props.link} aria-label={`${shown}: ${props.label}`}>
            {shown}
          </Link>
        ) : (
          shown
        )}
        {text && band && <BandChip band={band} />}
      </Box>
      <Typography variant="caption" color="textSecondary">
        {samples}
      </Typography>
    </TableCell>
  );
}

/** The table of the teams' figures, for a report already fetched. */
function TeamRows(props: { report: DoraTeamsReport }) {
  const { report } = props;
  const deploymentsLink = useDeploymentsLink();
  const insightsLink = useOwnerInsightsLink();
  const [sort, setSort] = useState<{
    key: SortKey;
    direction: 'asc' | 'desc';
  }>({ key: 'name', direction: 'asc' });
  if (report.teams.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No teams in scope
      </Typography>
    );
  }
  const teams = report.teams.map(team => ({
    ...team,
    name: humanizeEntityRef(parseEntityRef(team.owner), {
      defaultKind: 'group',
    }),
  }));
  const header = (key: SortKey, title: string, align?: 'right') => (
    <TableCell
      key={key}
      align={align}
      sortDirection={sort.key === key ? sort.direction : false}
    >
      <TableSortLabel
        active={sort.key === key}
        direction={sort.key === key ? sort.direction : 'asc'}
        onClick={() =>
          setSort({
            key,
            direction:
              sort.key === key && sort.direction === 'asc' ? 'desc' : 'asc',
          })
        }
      >
        {title}
      </TableSortLabel>
    </TableCell>
  );
  return (
    <Table size="small" aria-label="Teams compared">
      <TableHead>
        <TableRow>
          {header('name', 'Team')}
          {header('serviceCount', 'Services', 'right')}
          {COLUMNS.map(column => header(column.key, column.title))}
        </TableRow>
      </TableHead>
      <TableBody>
        {sorted(teams, sort.key, sort.direction).map(team => {
          const links =
            deploymentsLink &&
            doraFigureLinks(
              deploymentsLink,
              { owner: team.owner, system: report.system },
              report,
            );
          return (
            <TableRow key={team.owner}>
              <TableCell title={team.owner}>
                {insightsLink ? (
                  <Link to={insightsLink(team.owner)}>{team.name}</Link>
                ) : (
                  team.name
                )}
              </TableCell>
              <TableCell align="right">{team.serviceCount}</TableCell>
              {COLUMNS.map(column => (
                <FigureCell
                  key={column.key}
                  figure={column.figure(team.totals)}
                  link={links?.[column.key]}
                  label={`deployments behind the ${column.title.toLowerCase()} of ${
                    team.name
                  }`}
                />
              ))}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

/**
 * Each team's five DORA figures over the last `rangeDays` days side by side,
 * for the organisation or a system: the services it owns that the reader may
 * see (docs/insights.md, API).
 *
 * @public
 */
export function TeamComparison(props: { system?: string; rangeDays: number }) {
  const { rangeDays } = props;
  const { value, loading, error } = useInsightReport(
    { system: props.system },
    (api, scope) => {
      return api.getDoraTeams({
        system: scope.system,
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
  return <TeamRows report={value} />;
}
