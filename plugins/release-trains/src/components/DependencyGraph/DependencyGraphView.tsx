import { parseEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import ButtonGroup from '@material-ui/core/ButtonGroup';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { releaseTrainsApiRef } from '../../api';
import { DependencyTable } from './DependencyTable';
import { GRAPH_PARAMS } from './graphLink';
import { SystemsGraph } from './SystemsGraph';

function Choice(props: {
  label: string;
  value: string;
  options: string[];
  anyLabel?: string;
  onChange: (value: string) => void;
}) {
  return (
    <TextField
      select
      size="small"
      label={props.label}
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      style={{ minWidth: 140 }}
      // With an id, the label names the select and its value follows
      // ("Stage prod"), as it reads on screen.
      id={`dependency-graph-${props.label.toLowerCase()}`}
    >
      {props.anyLabel !== undefined && (
        <MenuItem value="">{props.anyLabel}</MenuItem>
      )}
      {props.options.map(option => (
        <MenuItem key={option} value={option}>
          {option}
        </MenuItem>
      ))}
    </TextField>
  );
}

/** The stages of every configured pipeline, in pipeline order. */
function useStages(given?: string[]) {
  const api = useApi(releaseTrainsApiRef);
  const { value } = useAsync(
    async () =>
      given ?? [
        ...new Set(
          (await api.listPipelines()).items.flatMap(p =>
            p.stages.map(s => s.name),
          ),
        ),
      ],
    [api, given?.join()],
  );
  return value;
}

/**
 * The dependency graph in a stage, with each requirement judged: a service's
 * neighbourhood (`service`) or the organisation's, as a graph or a table.
 * The stage and an edge to draw out come from the page's search parameters
 * (see `dependencyGraphLink`).
 */
export function DependencyGraphView(props: {
  service?: string;
  /** The stages to choose from; by default every pipeline's. */
  stages?: string[];
  depth?: number;
  /** Changes when the graph may have changed (e.g. a signal). */
  refreshKey?: unknown;
}) {
  const { service, depth = 2 } = props;
  const api = useApi(releaseTrainsApiRef);
  const entityRoute = useRouteRef(entityRouteRef);
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const stages = useStages(props.stages);
  const requestedStage = searchParams.get(GRAPH_PARAMS.stage) ?? undefined;
  const highlightFrom = searchParams.get(GRAPH_PARAMS.from);
  const highlightTo = searchParams.get(GRAPH_PARAMS.to);
  const highlight = useMemo(
    () =>
      highlightFrom && highlightTo
        ? { from: highlightFrom, to: highlightTo }
        : undefined,
    [highlightFrom, highlightTo],
  );

  const [chosenStage, setChosenStage] = useState<string>();
  const [view, setView] = useState<'graph' | 'table'>('graph');
  const [violationsOnly, setViolationsOnly] = useState(false);
  const [owner, setOwner] = useState('');
  const [system, setSystem] = useState('');
  // A link to an edge chooses its stage, also when the page is open already.
  useEffect(() => setChosenStage(requestedStage), [requestedStage]);
  const stage = chosenStage ?? (stages ? stages[stages.length - 1] : undefined);

  const rootRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (highlight) rootRef.current?.scrollIntoView?.({ block: 'start' });
  }, [highlight]);

  const { value, loading, error } = useAsync(async () => {
    if (!stage) return undefined;
    return await api.getDependencyGraph({
      stage,
      service,
      depth: service ? depth : undefined,
      violations: violationsOnly || undefined,
      owner: owner || undefined,
      system: system || undefined,
    });
  }, [
    api,
    stage,
    service,
    depth,
    violationsOnly,
    owner,
    system,
    props.refreshKey,
  ]);

  const serviceLink = useCallback(
    (ref: string) => {
      const { kind, namespace, name } = parseEntityRef(ref);
      const params = stage ? `?${GRAPH_PARAMS.stage}=${stage}` : '';
      return `${entityRoute({ kind, namespace, name })}/release${params}`;
    },
    [entityRoute, stage],
  );
  const optionsOf = (field: 'owner' | 'system', chosen: string) =>
    [
      ...new Set([
        ...(value?.nodes.flatMap(n => (n[field] ? [n[field]!] : [])) ?? []),
        ...(chosen ? [chosen] : []),
      ]),
    ].sort();

  return (
    <div ref={rootRef} id="dependency-graph">
      <InfoCard
        title="Dependencies"
        subheader={
          service
            ? 'What this service needs, and what needs it, with the versions the stage runs'
            : 'Every service on a pipeline and the versions it requires of others'
        }
      >
        <Box
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          mb={2}
          style={{ gap: 16 }}
        >
          <Choice
            label="Stage"
            value={stage ?? ''}
            options={stages ?? []}
            onChange={setChosenStage}
          />
          {!service && (
            <>
              <Choice
                label="Owner"
                value={owner}
                options={optionsOf('owner', owner)}
                anyLabel="Any"
                onChange={setOwner}
              />
              <Choice
                label="System"
                value={system}
                options={optionsOf('system', system)}
                anyLabel="Any"
                onChange={setSystem}
              />
              <FormControlLabel
                control={
                  <Switch
                    checked={violationsOnly}
                    onChange={e => setViolationsOnly(e.target.checked)}
                  />
                }
                label="Only violations"
              />
            </>
          )}
          <ButtonGroup size="small" aria-label="Show as">
            <Button
              aria-pressed={view === 'graph'}
              variant={view === 'graph' ? 'contained' : 'outlined'}
              onClick={() => setView('graph')}
            >
              Graph
            </Button>
            <Button
              aria-pressed={view === 'table'}
              variant={view === 'table' ? 'contained' : 'outlined'}
              onClick={() => setView('table')}
            >
              Table
            </Button>
          </ButtonGroup>
        </Box>
        {loading && <Progress />}
        {error && <ResponseErrorPanel error={error} />}
        {value && !error && value.edges.length === 0 && (
          <Typography variant="body2">
            {violationsOnly
              ? `No requirement is violated in ${value.stage}.`
              : `No dependencies are known${
                  service ? ' for this service' : ''
                }. They come from dependsOn, consumed APIs and the release-trains/requires annotation.`}
          </Typography>
        )}
        {value && !error && value.edges.length > 0 && (
          <>
            {view === 'graph' ? (
              <SystemsGraph
                graph={value}
                subject={service}
                highlight={highlight}
                onSelectService={ref => navigate(serviceLink(ref))}
              />
            ) : (
              <DependencyTable graph={value} serviceLink={serviceLink} />
            )}
          </>
        )}
      </InfoCard>
    </div>
  );
}
