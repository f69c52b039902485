import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import { makeStyles, Theme } from '@material-ui/core/styles';
import TextField from '@material-ui/core/TextField';
import { DoraQuery } from '@release-trains/plugin-release-trains-common';
import { useEffect, useId, useState } from 'react';
import { useSearchParams } from 'react-router-dom';

export const RANGES = ['30', '90', '180', '365'] as const;
const BUCKETS = ['day', 'week', 'month'] as const;

// The filters sit on the page's grey, where the theme's subtle label
// colour falls short of 4.5:1; focused, the label keeps its own colour.
const useStyles = makeStyles((theme: Theme) => ({
  label: { color: theme.palette.text.primary },
}));

/** What the page shows, from its search parameters. */
export type InsightsFilter = {
  service: string;
  owner: string;
  system: string;
  rangeDays: number;
  bucket: NonNullable<DoraQuery['bucket']>;
};

/** The page's filter, kept in the URL's search parameters. */
export function useInsightsFilter() {
  const [params, setParams] = useSearchParams();
  const range = params.get('range') ?? '';
  const bucket = params.get('bucket') ?? '';
  const filter: InsightsFilter = {
    service: params.get('service') ?? '',
    owner: params.get('owner') ?? '',
    system: params.get('system') ?? '',
    rangeDays: Number(
      (RANGES as readonly string[]).includes(range) ? range : 90,
    ),
    bucket: (BUCKETS as readonly string[]).includes(bucket)
      ? (bucket as InsightsFilter['bucket'])
      : 'week',
  };
  const set = (field: keyof InsightsFilter | 'range', value: string) =>
    setParams(
      current => {
        const next = new URLSearchParams(current);
        if (value) next.set(field, value);
        else next.delete(field);
        return next;
      },
      { replace: true },
    );
  return { filter, set };
}

/** A text filter, applied on Enter or when it loses focus. */
function TextFilter(props: {
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
}) {
  const id = useId();
  const classes = useStyles();
  const [text, setText] = useState(props.value);
  useEffect(() => setText(props.value), [props.value]);
  const apply = () => {
    if (text.trim() !== props.value) props.onChange(text.trim());
  };
  return (
    <TextField
      id={id}
      size="small"
      label={props.label}
      placeholder={props.placeholder}
      value={text}
      onChange={e => setText(e.target.value)}
      onBlur={apply}
      onKeyDown={e => {
        if (e.key === 'Enter') apply();
      }}
      style={{ minWidth: 240 }}
      InputLabelProps={{ className: classes.label }}
    />
  );
}

function Select(props: {
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  onChange: (value: string) => void;
}) {
  // With an id, the label names the select and its value follows
  // ("Period Last 90 days"), as it reads on screen.
  const id = useId();
  const classes = useStyles();
  return (
    <TextField
      id={id}
      select
      size="small"
      label={props.label}
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      style={{ minWidth: 140 }}
      InputLabelProps={{ className: classes.label }}
    >
      {props.options.map(option => (
        <MenuItem key={option.value} value={option.value}>
          {option.label}
        </MenuItem>
      ))}
    </TextField>
  );
}

/** The scope (owner, system, service), period and bucket of the insights page. */
export function InsightsFilters() {
  const { filter, set } = useInsightsFilter();
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="flex-end"
      style={{ gap: 16 }}
    >
      <TextFilter
        label="Owner"
        placeholder="group:default/team-a"
        value={filter.owner}
        onChange={v => set('owner', v)}
      />
      <TextFilter
        label="System"
        placeholder="system:default/shop"
        value={filter.system}
        onChange={v => set('system', v)}
      />
      <TextFilter
        label="Service"
        placeholder="component:default/payments"
        value={filter.service}
        onChange={v => set('service', v)}
      />
      <Select
        label="Period"
        value={String(filter.rangeDays)}
        options={RANGES.map(days => ({
          value: days,
          label: `Last ${days} days`,
        }))}
        onChange={v => set('range', v)}
      />
      <Select
        label="Group by"
        value={filter.bucket}
        options={BUCKETS.map(b => ({ value: b, label: b }))}
        onChange={v => set('bucket', v)}
      />
    </Box>
  );
}
