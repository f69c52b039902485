import { Link } from '@backstage/core-components';
import { useAsyncEntity } from '@backstage/plugin-catalog-react';
import { Change } from '@release-trains/plugin-release-trains-common';
import Typography from '@material-ui/core/Typography';
import { EntityName } from '../EntityName';
import { pullRequestUrl } from './dialogData';
import { loadingOrError } from './loadingOrError';

/** A change's pull request: a link when the repository is known. */
function PullRequest(props: { number: number; url?: string }) {
  const label = `PR #${props.number}`;
  // Underlined: inside a line of text, colour alone does not mark a link.
  return props.url ? (
    <Link to={props.url} underline="always">
      {label}
    </Link>
  ) : (
    <>{label}</>
  );
}

/**
 * The changes a promotion ships or a rollback removes, under a heading:
 * each with its pull request and author; a loading line, the error, or
 * `empty` when there are none.
 */
export function DialogChanges(props: {
  id: string;
  heading: string;
  empty: string;
  loading: boolean;
  error?: Error;
  changes?: Change[];
}) {
  // The dialog also opens outside an entity page (tests, other pages).
  const { entity } = useAsyncEntity();
  const headingId = `${props.id}-heading`;
  const body = (() => {
    const pending = loadingOrError({
      ...props,
      loadingText: 'Loading the changes…',
      errorText: 'Could not load the changes',
    });
    if (pending) return pending;
    if (!props.changes?.length) {
      return (
        <Typography variant="body2" color="textSecondary">
          {props.empty}
        </Typography>
      );
    }
    return (
      <ul
        aria-labelledby={headingId}
        style={{ margin: 0, paddingLeft: 20 }}
        data-testid={props.id}
      >
        {props.changes.map(change => (
          <li key={change.commitSha}>
            <Typography variant="body2">
              {change.prNumber !== undefined && (
                <>
                  <PullRequest
                    number={change.prNumber}
                    url={pullRequestUrl(entity, change.prNumber)}
                  />{' '}
                </>
              )}
              {change.title} — by <EntityName value={change.author} hideIcon />
            </Typography>
          </li>
        ))}
      </ul>
    );
  })();
  return (
    <section aria-labelledby={headingId}>
      <Typography variant="subtitle2" component="h3" id={headingId}>
        {props.heading}
      </Typography>
      {body}
    </section>
  );
}
