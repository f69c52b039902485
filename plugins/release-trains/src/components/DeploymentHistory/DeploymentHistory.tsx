import {
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  Deployment,
  DEPLOYMENT_KINDS,
  DEPLOYMENT_STATES,
  DeploymentFilter,
  InsightsScope,
} from '@release-trains/plugin-release-trains-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { DateTime } from 'luxon';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { releaseTrainsApiRef } from '../../api';
import { EntityName } from '../EntityName';
import { UngatedChip } from '../UngatedChip';
import { DeploymentStateChip } from './DeploymentStateChip';
import { PersonFilter, useCatalogPeople } from './PersonFilter';

const PAGE_SIZE = 20;

const historyColumns = (
  stageTitle: (stage: string) => string,
  showService: boolean,
): TableColumn<Deployment>[] => [
  {
    title: 'When',
    field: 'createdAt',
    cellStyle: { whiteSpace: 'nowrap' },
    render: d => DateTime.fromISO(d.createdAt).toFormat('yyyy-MM-dd HH:mm'),
  },
  ...(showService
    ? [
        {
          title: 'Service',
          field: 'service',
          render: (d: Deployment) => <EntityName value={d.service} hideIcon />,
        },
      ]
    : []),
  { title: 'Stage', field: 'stage' },
  { title: 'Version', field: 'version' },
  {
    title: 'Kind',
    field: 'kind',
    render: d => (
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        {d.kind}
        {d.ungated && <UngatedChip stageTitle={stageTitle(d.stage)} />}
      </Box>
    ),
  },
  {
    title: 'State',
    field: 'state',
    render: d => <DeploymentStateChip state={d.state} />,
  },
  { title: 'Reason', field: 'reason', render: d => d.reason ?? '' },
  {
    title: 'By',
    field: 'createdBy',
    // A name is not broken inside a word.
    cellStyle: { whiteSpace: 'nowrap' },
    // With the kind's icon (a person's), as the catalog shows people.
    render: d => <EntityName value={d.createdBy} />,
  },
];

function FilterSelect(props: {
  label: string;
  value: string;
  options: readonly string[];
  onChange: (value: string) => void;
}) {
  return (
    <TextField
      select
      label={props.label}
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      style={{ minWidth: 160, marginRight: 16 }}
      SelectProps={{ inputProps: { 'aria-label': props.label } }}
    >
      <MenuItem value="">Any</MenuItem>
      {props.options.map(option => (
        <MenuItem key={option} value={option}>
          {option}
        </MenuItem>
      ))}
    </TextField>
  );
}

/**
 * A deploy history, newest first, a page at a time, filtered by stage, state,
 * kind and who asked for the deployments: a service's, or that of an owner's
 * services, a system's or every service the reader may see.
 *
 * @public
 */
export function DeploymentHistory(props: {
  /** The service whose history this is. */
  service?: string;
  /** Or the scope whose history this is; each row names its service. */
  scope?: InsightsScope;
  stages: string[];
  /** The stages' titles by name, for the explanations; the name otherwise. */
  stageTitles?: Record<string, string>;
  /** Changes when the history may have changed (e.g. a signal). */
  refreshKey?: unknown;
  /** The filter, where the caller keeps it (e.g. in the URL); kept here otherwise. */
  filter?: DeploymentFilter;
  onFilterChange?: (filter: DeploymentFilter) => void;
}) {
  const api = useApi(releaseTrainsApiRef);
  const catalogPeople = useCatalogPeople();
  const [ownFilter, setOwnFilter] = useState<DeploymentFilter>({});
  const filter = props.filter ?? ownFilter;
  const scope = props.service ? { service: props.service } : props.scope ?? {};
  // Keyed by content: callers may pass new objects with every render.
  const request = JSON.stringify({ ...scope, ...filter });
  // Cursors of the pages before the current one; the last is the current
  // page's. Another scope or filter starts from the first page again.
  const [pages, setPages] = useState({
    request,
    cursors: [undefined] as (string | undefined)[],
  });
  const cursors = pages.request === request ? pages.cursors : [undefined];
  const setCursors = (next: (string | undefined)[]) =>
    setPages({ request, cursors: next });
  const cursor = cursors[cursors.length - 1];
  const titles = JSON.stringify(props.stageTitles ?? {});
  const showService = !props.service;
  const columns = useMemo(() => {
    const byStage: Record<string, string> = JSON.parse(titles);
    return historyColumns(stage => byStage[stage] ?? stage, showService);
  }, [titles, showService]);

  const { value, loading, error } = useAsync(
    () =>
      api.listDeployments({
        ...JSON.parse(request),
        cursor,
        limit: PAGE_SIZE,
      }),
    [api, request, cursor, props.refreshKey],
  );

  const setFilterField = (field: keyof DeploymentFilter) => (v: string) => {
    const next = { ...filter, [field]: v || undefined };
    // A stage chosen replaces "each service's last stage".
    if (field === 'stage') delete next.lastStage;
    (props.onFilterChange ?? setOwnFilter)(next);
  };

  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  return (
    <>
      <Table<Deployment>
        title="Deploy history"
        isLoading={loading}
        columns={columns}
        data={value?.items ?? []}
        options={{
          paging: false,
          search: false,
          padding: 'dense',
          // Drag handles inside the sort buttons are nested controls.
          draggable: false,
        }}
        localization={{
          body: { emptyDataSourceMessage: 'No deployments match' },
        }}
        components={{
          Toolbar: toolbarProps => (
            <Box
              display="flex"
              flexWrap="wrap"
              alignItems="flex-end"
              p={2}
              style={{ rowGap: 8 }}
            >
              <Box flexGrow={1}>{toolbarProps.title}</Box>
              <FilterSelect
                label="Stage"
                value={filter.stage ?? ''}
                options={props.stages}
                onChange={setFilterField('stage')}
              />
              <FilterSelect
                label="State"
                value={filter.state ?? ''}
                options={DEPLOYMENT_STATES}
                onChange={setFilterField('state')}
              />
              <FilterSelect
                label="Kind"
                value={filter.kind ?? ''}
                options={DEPLOYMENT_KINDS}
                onChange={setFilterField('kind')}
              />
              <PersonFilter
                value={filter.createdBy}
                fromCatalog={catalogPeople}
                seen={(value?.items ?? []).map(d => d.createdBy)}
                onChange={setFilterField('createdBy')}
              />
            </Box>
          ),
        }}
      />
      <Box display="flex" justifyContent="flex-end" mt={1}>
        <Button
          disabled={loading || cursors.length === 1}
          onClick={() => setCursors(cursors.slice(0, -1))}
        >
          Newer
        </Button>
        <Button
          disabled={loading || !value?.nextCursor}
          onClick={() => setCursors([...cursors, value?.nextCursor])}
        >
          Older
        </Button>
      </Box>
    </>
  );
}
