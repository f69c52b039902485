import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';

/** A button of a stage lane that, when disabled, says why on hover. */
export function ActionButton(props: {
  label: string;
  blockedBecause?: string;
  onClick: () => void;
}) {
  const button = (
    <span>
      <Button
        size="small"
        variant="outlined"
        color="primary"
        disabled={Boolean(props.blockedBecause)}
        onClick={props.onClick}
        aria-label={props.label}
      >
        {props.label}
      </Button>
    </span>
  );
  return props.blockedBecause ? (
    <Tooltip title={props.blockedBecause}>{button}</Tooltip>
  ) : (
    button
  );
}
