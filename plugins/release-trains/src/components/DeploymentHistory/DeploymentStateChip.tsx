import { DeploymentState } from '@release-trains/plugin-release-trains-common';
import Chip from '@material-ui/core/Chip';
import { useTheme } from '@material-ui/core/styles';

/**
 * Each state's pair of colours, [light, dark]: the light theme shows dark
 * text on the light colour, the dark theme the reverse. Every pair has a
 * contrast of at least 4.5:1; the chip's text names the state, so colour is
 * never the only cue.
 */
export const STATE_COLOURS: Record<DeploymentState, [string, string]> = {
  pending: ['#eceff1', '#37474f'],
  'awaiting-approval': ['#fff3e0', '#8a4b00'],
  'in-progress': ['#e3f2fd', '#0d47a1'],
  unknown: ['#fffde7', '#6d5d00'],
  succeeded: ['#e8f5e9', '#1b5e20'],
  failed: ['#ffebee', '#b71c1c'],
  'rolled-back': ['#f3e5f5', '#6a1b9a'],
  cancelled: ['#f5f5f5', '#424242'],
};

/** A deployment's state as a coloured chip that names it. */
export function DeploymentStateChip(props: { state: DeploymentState }) {
  const theme = useTheme();
  const [light, deep] = STATE_COLOURS[props.state];
  const dark = theme.palette.type === 'dark';
  return (
    <Chip
      size="small"
      label={props.state}
      // Inline, so that no theme override of chips can undo the contrast.
      style={{
        backgroundColor: dark ? deep : light,
        color: dark ? light : deep,
        fontWeight: 500,
      }}
      data-testid={`state-${props.state}`}
    />
  );
}
