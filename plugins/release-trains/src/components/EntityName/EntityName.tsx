import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Fragment } from 'react';

/**
 * The catalog's kinds this plugin names: people, teams and software. Other
 * "refs" are callers that are no entity, e.g. the `plugin:scaffolder`
 * service principal.
 */
const CATALOG_KINDS = new Set([
  'user',
  'group',
  'component',
  'system',
  'api',
  'resource',
  'domain',
]);

/**
 * The canonical ref when `value` is an entity ref of a catalog kind; none
 * for a bare name (e.g. a git login) or free text.
 */
export function catalogRef(value: string): string | undefined {
  if (!value.includes(':')) return undefined;
  try {
    const ref = parseEntityRef(value);
    return CATALOG_KINDS.has(ref.kind.toLocaleLowerCase('en-US'))
      ? stringifyEntityRef(ref)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A person, team or service as the catalog presents it (display name or
 * title, linking to its page), or the text itself when it is no entity ref.
 */
export function EntityName(props: {
  value: string;
  /** Leaves out the kind's icon, e.g. in running text. */
  hideIcon?: boolean;
}) {
  const ref = catalogRef(props.value);
  if (!ref) {
    return <>{props.value}</>;
  }
  return <EntityRefLink entityRef={ref} hideIcon={props.hideIcon} />;
}

/** Several names, separated by commas. */
export function EntityNames(props: { values: string[]; hideIcon?: boolean }) {
  return (
    <>
      {props.values.map((value, index) => (
        <Fragment key={value}>
          {index > 0 && ', '}
          <EntityName value={value} hideIcon={props.hideIcon} />
        </Fragment>
      ))}
    </>
  );
}
