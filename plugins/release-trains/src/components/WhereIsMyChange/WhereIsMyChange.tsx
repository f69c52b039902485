import { parseEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import {
  EntityDisplayName,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  ChangeLocation,
  ChangeQuery,
} from '@release-trains/plugin-release-trains-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { DateTime } from 'luxon';
import { FormEvent, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { releaseTrainsApiRef } from '../../api';
import { EntityName } from '../EntityName';

type SearchBy = 'sha' | 'pr' | 'author' | 'issue';

const SEARCH_BY: { value: SearchBy; label: string }[] = [
  { value: 'sha', label: 'Commit SHA' },
  { value: 'pr', label: 'PR number' },
  { value: 'author', label: 'Author' },
  { value: 'issue', label: 'Issue key' },
];

/** The query for what the user typed; PR numbers may carry a leading '#'. */
export function toChangeQuery(by: SearchBy, text: string): ChangeQuery {
  const value = text.trim();
  return by === 'pr'
    ? { pr: Number(value.replace(/^#/, '')) }
    : { [by]: value };
}

function ChangeResult(props: { location: ChangeLocation }) {
  const { location } = props;
  const entityRoute = useRouteRef(entityRouteRef);
  const ref = parseEntityRef(location.service);
  const releaseTab = `${entityRoute({
    kind: ref.kind,
    namespace: ref.namespace,
    name: ref.name,
  })}/release`;
  const { change } = location;
  return (
    <Box mb={2} data-testid="change-result">
      <Typography variant="subtitle1">
        <Link to={releaseTab}>
          <EntityDisplayName
            entityRef={location.service}
            hideIcon
            disableTooltip
          />
        </Link>{' '}
        · {change.title}
        {change.prNumber ? ` (#${change.prNumber})` : ''}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {change.commitSha.slice(0, 7)} by{' '}
        <EntityName value={change.author} hideIcon />
        {location.version
          ? ` · in version ${location.version}`
          : ' · not in a built version yet'}
      </Typography>
      {location.train && (
        <Typography variant="body2" data-testid="change-train">
          Rides the {location.train.title} train departing{' '}
          {DateTime.fromISO(location.train.departsAt).toRelative()} (
          {DateTime.fromISO(location.train.departsAt).toLocaleString(
            DateTime.DATETIME_MED,
          )}
          )
        </Typography>
      )}
      <Box mt={1}>
        {location.stages.map(stage => (
          <Chip
            key={stage.stage}
            size="small"
            color={stage.contains ? 'primary' : 'default'}
            label={
              stage.contains
                ? `${stage.title}: live${
                    stage.since
                      ? ` since ${DateTime.fromISO(stage.since).toRelative()}`
                      : ''
                  }`
                : `${stage.title}: not yet${
                    stage.expectedAt
                      ? `, expected ${DateTime.fromISO(
                          stage.expectedAt,
                        ).toRelative()}`
                      : ''
                  }`
            }
            style={{ marginRight: 8 }}
          />
        ))}
      </Box>
    </Box>
  );
}

/**
 * "Where is my change?": find a change by SHA, PR, author or issue key and
 * see which stages run it. With `service`, only that service's changes.
 *
 * @public
 */
export function WhereIsMyChange(props: { service?: string }) {
  const api = useApi(releaseTrainsApiRef);
  const [by, setBy] = useState<SearchBy>('sha');
  const [text, setText] = useState('');
  const [state, search] = useAsyncFn(
    (query: ChangeQuery) =>
      api.findChanges({ ...query, service: props.service }),
    [api, props.service],
  );

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim()) {
      search(toChangeQuery(by, text));
    }
  };

  return (
    <InfoCard title="Where is my change?">
      <form onSubmit={onSubmit}>
        <Box display="flex" alignItems="flex-end" mb={2}>
          <TextField
            select
            label="Search by"
            value={by}
            onChange={e => setBy(e.target.value as SearchBy)}
            style={{ minWidth: 160, marginRight: 16 }}
          >
            {SEARCH_BY.map(option => (
              <MenuItem key={option.value} value={option.value}>
                {option.label}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            label={SEARCH_BY.find(o => o.value === by)!.label}
            value={text}
            onChange={e => setText(e.target.value)}
            inputProps={{ 'aria-label': 'Change to find' }}
            style={{ flexGrow: 1, marginRight: 16 }}
          />
          <Button type="submit" variant="contained" color="primary">
            Find
          </Button>
        </Box>
      </form>
      {state.loading && <Progress />}
      {state.error && <ResponseErrorPanel error={state.error} />}
      {state.value && state.value.items.length === 0 && (
        <EmptyState
          missing="data"
          title="No change matches"
          description="Check the SHA (at least 7 characters), PR number, author or issue key."
        />
      )}
      {state.value?.items.map(location => (
        <ChangeResult
          key={`${location.service}:${location.change.commitSha}`}
          location={location}
        />
      ))}
    </InfoCard>
  );
}
