import { darken, makeStyles, Theme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { RehearsalShare } from '@release-trains/plugin-release-trains-common';

/** The share of releases with a rehearsed rollback to aim for (the seeds'). */
export const REHEARSAL_TARGET = 0.7;

const useStyles = makeStyles((theme: Theme) => ({
  // The warning colour, dark enough to read (4.5:1) on white and grey.
  belowTarget: {
    color:
      theme.palette.type === 'dark'
        ? theme.palette.warning.light
        : darken(theme.palette.warning.dark, 0.35),
  },
}));

/** "76 %": rounded down, so that a share reads as on target only if it is. */
const wholePercent = (share: number) => `${Math.floor(share * 100)} %`;

const belowTarget = ({ share }: RehearsalShare) =>
  share !== undefined && share < REHEARSAL_TARGET;

/** "30 of 36 (83 %)", or "—" without releases. */
export function describeRehearsalShare({
  releases,
  rehearsed,
  share,
}: RehearsalShare): string {
  if (releases === 0 || share === undefined) return '—';
  return `${rehearsed} of ${releases} (${wholePercent(share)})`;
}

/** A table cell's content: the share, in the warning colour below target. */
export function RehearsalShareText(props: { share: RehearsalShare }) {
  const classes = useStyles();
  return (
    <span
      className={belowTarget(props.share) ? classes.belowTarget : undefined}
    >
      {describeRehearsalShare(props.share)}
    </span>
  );
}

/**
 * "Releases with a rehearsed rollback: 35 of 46 (76 %) · target ≥ 70 %":
 * of the releases into the last stage, how many had their rollback
 * rehearsed, successfully, in an earlier stage before they started.
 */
export function RehearsalSummary(props: { share: RehearsalShare }) {
  const classes = useStyles();
  const { releases, rehearsed, share } = props.share;
  const below = belowTarget(props.share);
  return (
    <Typography
      variant="body2"
      paragraph
      color={below ? undefined : 'textSecondary'}
      className={below ? classes.belowTarget : undefined}
      data-testid="rehearsal-share"
    >
      Releases with a rehearsed rollback:{' '}
      {releases === 0 || share === undefined
        ? 'no releases yet'
        : `${rehearsed} of ${releases} (${wholePercent(share)})`}{' '}
      · target ≥ {wholePercent(REHEARSAL_TARGET)}
    </Typography>
  );
}
