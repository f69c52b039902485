import { Change } from '@release-trains/plugin-release-trains-common';
import Typography from '@material-ui/core/Typography';
import { EntityName } from '../EntityName';

/**
 * Changes, one a line: the PR number, when known, the title and the author
 * (as the catalog names them when CI reported an entity ref, else the login).
 */
export function ChangeList(props: { changes: Change[] }) {
  return (
    <ul style={{ margin: 0, paddingLeft: 20 }}>
      {props.changes.map(change => (
        <li key={change.commitSha}>
          <Typography variant="body2">
            {change.prNumber ? `#${change.prNumber} ` : ''}
            {change.title} (<EntityName value={change.author} hideIcon />)
          </Typography>
        </li>
      ))}
    </ul>
  );
}
