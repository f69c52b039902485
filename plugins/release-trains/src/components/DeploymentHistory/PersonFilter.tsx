import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApiHolder } from '@backstage/core-plugin-api';
import {
  catalogApiRef,
  defaultEntityPresentation,
  EntityDisplayName,
} from '@backstage/plugin-catalog-react';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import useAsync from 'react-use/esm/useAsync';
import { catalogRef } from '../EntityName';

/** Enough people for a picker; the history itself is not limited by it. */
const MAX_PEOPLE = 1000;

/**
 * The catalog's people, by name; none when there is no catalog or it cannot
 * answer. Read by the history, once: its toolbar mounts anew every render.
 */
export function useCatalogPeople(): string[] {
  // Optional: an app without the catalog still gets the people it has seen.
  const catalogApi = useApiHolder().get(catalogApiRef);
  const { value } = useAsync(async () => {
    if (!catalogApi) return [];
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'User' },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'spec.profile.displayName',
      ],
      limit: MAX_PEOPLE,
    });
    return items
      .map(user => ({
        ref: stringifyEntityRef(user),
        name: defaultEntityPresentation(user).primaryTitle,
      }))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(user => user.ref);
  }, [catalogApi]);
  return value ?? [];
}

/** The refs of the people among `values` (not services such as the scaffolder). */
function people(values: (string | undefined)[]): string[] {
  return values.flatMap(value => {
    const ref = value ? catalogRef(value) : undefined;
    return ref?.startsWith('user:') ? [ref] : [];
  });
}

/**
 * "Deployed by": the catalog's people, and those the history shows who are
 * not in it (e.g. who left), each as the catalog names them.
 */
export function PersonFilter(props: {
  value?: string;
  /** The catalog's people (`useCatalogPeople`). */
  fromCatalog: string[];
  /** Who asked for the deployments shown now. */
  seen: string[];
  onChange: (ref: string) => void;
}) {
  const { fromCatalog } = props;
  const known = new Set(fromCatalog);
  const others = [...new Set(people([...props.seen, props.value]))]
    .filter(ref => !known.has(ref))
    .sort();
  const selected = props.value ? catalogRef(props.value) : undefined;
  return (
    <TextField
      select
      label="Deployed by"
      value={selected ?? ''}
      onChange={e => props.onChange(e.target.value)}
      style={{ minWidth: 180, marginRight: 16 }}
      SelectProps={{ inputProps: { 'aria-label': 'Deployed by' } }}
    >
      <MenuItem value="">Anyone</MenuItem>
      {[...fromCatalog, ...others].map(ref => (
        <MenuItem key={ref} value={ref}>
          <EntityDisplayName entityRef={ref} hideIcon disableTooltip />
        </MenuItem>
      ))}
    </TextField>
  );
}
