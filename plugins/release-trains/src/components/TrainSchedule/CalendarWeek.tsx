import {
  Train,
  TrainDeparture,
} from '@release-trains/plugin-release-trains-common';
import { DateTime } from 'luxon';
import { ReactNode } from 'react';
import { CalendarRange, dayKey } from './calendarModel';
import { useCalendarStyles } from './calendarStyles';
import { WeekRows } from './WeekRows';

/** The week view: a column per day, headed by its date, with its departures. */
export function CalendarWeek(props: {
  range: CalendarRange;
  trains: Train[];
  byDay: Map<string, TrainDeparture[]>;
  renderDeparture: (departure: TrainDeparture) => ReactNode;
  today: DateTime;
}) {
  const { range, today } = props;
  const classes = useCalendarStyles();
  const week = range.weeks[0];
  return (
    <table className={classes.table} aria-label={`Departures ${range.title}`}>
      <thead>
        <tr>
          {week.map(day => {
            const isToday = dayKey(day) === dayKey(today);
            return (
              <th
                key={dayKey(day)}
                scope="col"
                className={
                  isToday
                    ? `${classes.columnHeader} ${classes.today}`
                    : classes.columnHeader
                }
              >
                {day.toFormat('ccc d LLL')}
                {isToday && ' (today)'}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>
        <WeekRows
          week={week}
          trains={props.trains}
          byDay={props.byDay}
          renderDeparture={props.renderDeparture}
        />
      </tbody>
    </table>
  );
}
