import {
  Train,
  TrainDeparture,
} from '@release-trains/plugin-release-trains-common';
import { DateTime } from 'luxon';
import { ReactNode } from 'react';
import { CalendarRange, dayKey } from './calendarModel';
import { useCalendarStyles } from './calendarStyles';
import { WeekRows } from './WeekRows';

/**
 * The month view: the weeks (Monday first) that hold the month's days, a
 * column per weekday; days of the months around it are set apart.
 */
export function CalendarMonth(props: {
  range: CalendarRange;
  trains: Train[];
  byDay: Map<string, TrainDeparture[]>;
  renderDeparture: (departure: TrainDeparture) => ReactNode;
  today: DateTime;
}) {
  const { range } = props;
  const classes = useCalendarStyles();
  return (
    <table className={classes.table} aria-label={`Departures ${range.title}`}>
      <thead>
        <tr>
          {range.weeks[0].map(day => (
            <th key={day.weekday} scope="col" className={classes.columnHeader}>
              <abbr title={day.toFormat('cccc')}>{day.toFormat('ccc')}</abbr>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {range.weeks.map(week => (
          <WeekRows
            key={dayKey(week[0])}
            week={week}
            trains={props.trains}
            byDay={props.byDay}
            renderDeparture={props.renderDeparture}
            month={range.month}
            today={dayKey(props.today)}
          />
        ))}
      </tbody>
    </table>
  );
}
