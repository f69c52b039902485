import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import {
  Train,
  TrainDeparture,
} from '@release-trains/plugin-release-trains-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { DateTime } from 'luxon';
import { useMemo, useState } from 'react';
import { CalendarMonth } from './CalendarMonth';
import {
  calendarRange,
  CalendarView,
  DepartureKind,
  departureKind,
  departuresByDay,
  instantKey,
  recurringFreezes,
  runOf,
  shiftAnchor,
} from './calendarModel';
import { CalendarToolbar } from './CalendarToolbar';
import { CalendarWeek } from './CalendarWeek';
import { DepartureBlock } from './DepartureBlock';
import { DeparturePreview } from './DeparturePreview';
import { useCalendarData } from './useCalendarData';

/** The trains' colours and zones, and the recurring freezes, under the grid. */
function Legend(props: { trains: Train[]; colours: Map<string, string> }) {
  const { trains, colours } = props;
  const recurring = recurringFreezes(trains);
  return (
    <Box mt={1} data-testid="calendar-legend">
      <Box display="flex" flexWrap="wrap" style={{ gap: 16 }}>
        {trains.map(train => (
          <Typography
            key={train.name}
            variant="caption"
            style={{ display: 'flex', alignItems: 'center', gap: 4 }}
          >
            <span
              aria-hidden
              style={{
                width: 12,
                height: 12,
                borderRadius: 2,
                backgroundColor: colours.get(train.name),
              }}
            />
            {train.title} ({train.timeZone})
          </Typography>
        ))}
      </Box>
      {recurring.map(freeze => (
        <Typography
          key={freeze.text}
          variant="caption"
          display="block"
          data-testid={`recurring-freeze-${freeze.train}`}
        >
          Recurring freeze — {freeze.text}
        </Typography>
      ))}
    </Box>
  );
}

/**
 * The trains' departures on a week or month calendar, in the trains' time
 * zone: each departure a block in its train's colour with its cut-off,
 * frozen ones cancelled with the reason, dated freezes hatched over the
 * days they cover. A past departure opens its run's manifest, a train's
 * next departure a preview of what would board.
 */
export function ScheduleCalendar(props: {
  trains: Train[];
  colours: Map<string, string>;
  /** The zone the days are cut in (see `calendarZone`). */
  zone: string;
  now: DateTime;
  refreshKey: number;
  onOpenRun: (runId: string) => void;
}) {
  const { trains, colours, zone, now, refreshKey, onOpenRun } = props;
  const [view, setView] = useState<CalendarView>('week');
  const [anchor, setAnchor] = useState<DateTime>(() => now.setZone(zone));
  const [selected, setSelected] = useState<{
    departure: TrainDeparture;
    kind: DepartureKind;
  }>();
  const range = useMemo(() => calendarRange(view, anchor), [view, anchor]);
  const { value, loading, error } = useCalendarData(range, now, refreshKey);
  const byDay = useMemo(
    () => departuresByDay(value?.departures ?? [], zone),
    [value, zone],
  );
  const trainsByName = new Map(trains.map(train => [train.name, train]));

  const renderDeparture = (departure: TrainDeparture) => {
    const train = trainsByName.get(departure.train);
    if (!train) return null;
    const kind = departureKind(departure, train, now);
    const run =
      kind === 'past' ? runOf(departure, value?.runs ?? []) : undefined;
    return (
      <DepartureBlock
        key={`${departure.train}-${instantKey(departure.departsAt)}`}
        departure={departure}
        train={train}
        kind={kind}
        run={run}
        colour={colours.get(train.name) ?? '#1565C0'}
        calendarZone={zone}
        compact={view === 'month'}
        onOpen={() =>
          run ? onOpenRun(run.id) : setSelected({ departure, kind })
        }
      />
    );
  };

  const grid =
    view === 'week' ? (
      <CalendarWeek
        range={range}
        trains={trains}
        byDay={byDay}
        renderDeparture={renderDeparture}
        today={now.setZone(zone)}
      />
    ) : (
      <CalendarMonth
        range={range}
        trains={trains}
        byDay={byDay}
        renderDeparture={renderDeparture}
        today={now.setZone(zone)}
      />
    );
  const selectedTrain = selected && trainsByName.get(selected.departure.train);
  return (
    <Box data-testid="calendar" data-view={view}>
      <CalendarToolbar
        view={view}
        title={range.title}
        zone={zone}
        onView={setView}
        onShift={direction =>
          setAnchor(current => shiftAnchor(view, current, direction))
        }
        onToday={() => setAnchor(now.setZone(zone))}
      />
      {error && <ResponseErrorPanel error={error} />}
      {/* A refresh or a step keeps the calendar in place under the progress bar. */}
      {loading && <Progress />}
      {!loading && value && value.departures.length === 0 && (
        <Typography
          variant="body2"
          color="textSecondary"
          data-testid="calendar-empty"
          paragraph
        >
          No departures this {view}.
        </Typography>
      )}
      {!error && value && <Box overflow="auto">{grid}</Box>}
      <Legend trains={trains} colours={colours} />
      {selected && selectedTrain && (
        <DeparturePreview
          train={selectedTrain}
          departure={selected.departure}
          kind={selected.kind}
          onClose={() => setSelected(undefined)}
        />
      )}
    </Box>
  );
}
