import Chip from '@material-ui/core/Chip';
import { makeStyles, Theme } from '@material-ui/core/styles';
import Tooltip from '@material-ui/core/Tooltip';
import WarningIcon from '@material-ui/icons/Warning';

const useStyles = makeStyles((theme: Theme) => ({
  chip: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.getContrastText(theme.palette.warning.main),
  },
  icon: { color: 'inherit' },
}));

/** What the Ungated chip explains on hover. */
export function ungatedExplanation(stageTitle: string) {
  return `Recorded without passing the ${stageTitle} gate: by hand or reported by CI`;
}

/**
 * Marks a deployment that changed what a stage with approvals runs without
 * passing its gate (recorded by hand or reported by CI).
 */
export function UngatedChip(props: {
  /** The title of the stage, as the lanes show it. */
  stageTitle: string;
  'data-testid'?: string;
}) {
  const classes = useStyles();
  return (
    <Tooltip title={ungatedExplanation(props.stageTitle)}>
      <Chip
        size="small"
        label="Ungated"
        icon={<WarningIcon className={classes.icon} />}
        className={classes.chip}
        data-testid={props['data-testid']}
      />
    </Tooltip>
  );
}
