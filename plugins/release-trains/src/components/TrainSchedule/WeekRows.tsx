import {
  Train,
  TrainDeparture,
} from '@release-trains/plugin-release-trains-common';
import { DateTime } from 'luxon';
import { ReactNode } from 'react';
import { dayKey, FreezeSpan, freezeSpansInWeek } from './calendarModel';
import { useCalendarStyles } from './calendarStyles';

function freezeText(span: FreezeSpan, title: string): string {
  // The end is exclusive: a freeze ending at midnight ends the day before.
  const last = span.end.minus({ milliseconds: 1 });
  return `${title} frozen: ${span.reason} (${span.start.toFormat(
    'd LLL',
  )} – ${last.toFormat('d LLL')})`;
}

/**
 * A row per dated freeze that covers days of the week, hatched over the
 * columns of those days (like an all-day event), with its reason.
 */
function FreezeRow(props: { span: FreezeSpan; title: string }) {
  const { span, title } = props;
  const classes = useCalendarStyles();
  const width = span.lastColumn - span.firstColumn + 1;
  return (
    <tr>
      {span.firstColumn > 0 && (
        <td colSpan={span.firstColumn} className={classes.freezeCell} />
      )}
      <td colSpan={width} className={classes.freezeCell}>
        <span
          className={classes.freeze}
          data-testid={`freeze-${span.train}`}
          data-first-day={span.firstColumn}
          data-days={width}
        >
          {freezeText(span, title)}
        </span>
      </td>
      {span.lastColumn < 6 && (
        <td colSpan={6 - span.lastColumn} className={classes.freezeCell} />
      )}
    </tr>
  );
}

/**
 * One week of the calendar: its freezes, then a cell per day with the
 * day's departures. The week view shows one, the month view several.
 */
export function WeekRows(props: {
  week: DateTime[];
  trains: Train[];
  byDay: Map<string, TrainDeparture[]>;
  renderDeparture: (departure: TrainDeparture) => ReactNode;
  /** In the month view: the month shown, to set its days apart. */
  month?: number;
  /** In the month view: today's key, to mark its day. */
  today?: string;
}) {
  const { week, trains, byDay, renderDeparture, month, today } = props;
  const classes = useCalendarStyles();
  const titles = new Map(trains.map(train => [train.name, train.title]));
  const spans = freezeSpansInWeek(trains, week);
  return (
    <>
      {spans.map(span => (
        <FreezeRow
          key={`${span.train}-${span.start.toMillis()}`}
          span={span}
          title={titles.get(span.train) ?? span.train}
        />
      ))}
      <tr>
        {week.map(day => {
          const key = dayKey(day);
          const outside = month !== undefined && day.month !== month;
          const cellClass = [
            classes.dayCell,
            month === undefined ? classes.weekDayCell : classes.monthDayCell,
            outside && classes.outsideMonth,
          ]
            .filter(Boolean)
            .join(' ');
          return (
            <td
              key={key}
              className={cellClass}
              data-testid={`calendar-day-${key}`}
            >
              {month !== undefined && (
                <span
                  className={
                    key === today
                      ? `${classes.dayNumber} ${classes.today}`
                      : classes.dayNumber
                  }
                >
                  {day.toFormat(outside ? 'd LLL' : 'd')}
                  {key === today && ' (today)'}
                </span>
              )}
              {(byDay.get(key) ?? []).map(renderDeparture)}
            </td>
          );
        })}
      </tr>
    </>
  );
}
