import {
  Train,
  TrainDeparture,
  TrainRun,
} from '@release-trains/plugin-release-trains-common';
import ButtonBase from '@material-ui/core/ButtonBase';
import {
  DepartureKind,
  departureLabel,
  instantKey,
  wallClock,
} from './calendarModel';
import { useCalendarStyles } from './calendarStyles';
import { TRAIN_TEXT } from './trainColours';

/** What a departure block says under its time and train. */
function detail(
  departure: TrainDeparture,
  kind: DepartureKind,
  cutoff: string,
  run?: TrainRun,
): string {
  if (departure.frozen) return `Cancelled — frozen: ${departure.frozen.reason}`;
  if (kind === 'past') {
    if (!run) return 'No run recorded';
    return `Ran: ${run.state === 'in-stage' ? `in ${run.stage}` : run.state}`;
  }
  return kind === 'next' ? `Next · cut-off ${cutoff}` : `cut-off ${cutoff}`;
}

/**
 * One departure on the calendar, a button: a past one opens its run's
 * manifest, the train's next one a preview of what would board, the
 * others their details. Colour is never the only cue: the text says
 * "Next", "Ran", "Cancelled", and frozen blocks are hatched.
 */
export function DepartureBlock(props: {
  departure: TrainDeparture;
  train: Train;
  kind: DepartureKind;
  run?: TrainRun;
  colour: string;
  calendarZone: string;
  compact?: boolean;
  onOpen: () => void;
}) {
  const { departure, train, kind, run, colour, calendarZone, compact } = props;
  const classes = useCalendarStyles();
  const time = wallClock(
    departure.departsAt,
    train.timeZone,
    calendarZone,
    'HH:mm',
  );
  const cutoff = wallClock(
    departure.cutoffAt,
    train.timeZone,
    calendarZone,
    'HH:mm',
  );
  const solid = !departure.frozen && kind !== 'past';
  const blockClass = [
    classes.block,
    compact && classes.compact,
    kind === 'next' && !departure.frozen && classes.next,
    kind === 'past' && !departure.frozen && classes.past,
    departure.frozen && classes.frozen,
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <ButtonBase
      className={blockClass}
      style={
        solid
          ? { backgroundColor: colour, color: TRAIN_TEXT, borderColor: colour }
          : { borderColor: colour }
      }
      data-testid={`departure-${train.name}-${instantKey(departure.departsAt)}`}
      data-kind={kind}
      data-frozen={departure.frozen ? 'true' : undefined}
      onClick={props.onOpen}
      // No ripple layer over the text, so contrast checkers (axe) can see
      // the block's colour behind it; focus shows as an outline.
      disableRipple
    >
      {/*
        The name screen readers read is the full sentence; the short visible
        text is hidden from them. (An aria-label would leave the visible
        text out of the name, which WCAG's "label in name" forbids.)
      */}
      <span className={classes.visuallyHidden}>
        {departureLabel({ departure, train, kind, run, calendarZone })}
      </span>
      <span
        aria-hidden
        className={
          departure.frozen
            ? `${classes.blockLine} ${classes.struck}`
            : classes.blockLine
        }
      >
        <b>{time}</b> {train.title}
      </span>
      <span aria-hidden className={classes.blockLine}>
        {detail(departure, kind, cutoff, run)}
      </span>
    </ButtonBase>
  );
}
