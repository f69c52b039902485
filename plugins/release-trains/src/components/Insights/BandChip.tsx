import { DoraBand } from '@release-trains/plugin-release-trains-common';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import { BAND_LABELS } from './format';

const useStyles = makeStyles({
  elite: { backgroundColor: '#1b5e20', color: '#fff' },
  high: { backgroundColor: '#aed581', color: '#1b2a0f' },
  medium: { backgroundColor: '#ffcc80', color: '#3e2400' },
  low: { backgroundColor: '#c62828', color: '#fff' },
});

/** A DORA band as a coloured chip that names the band, colour being a hint only. */
export function BandChip(props: { band: DoraBand }) {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      className={classes[props.band]}
      label={BAND_LABELS[props.band]}
      title={`DORA performance band: ${BAND_LABELS[props.band].toLowerCase()}`}
    />
  );
}
