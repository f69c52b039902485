import { useApi } from '@backstage/core-plugin-api';
import { TrainRun } from '@release-trains/plugin-release-trains-common';
import { DateTime } from 'luxon';
import useAsync from 'react-use/esm/useAsync';
import { releaseTrainsApiRef } from '../../api';
import { CalendarRange } from './calendarModel';

/** The most runs one request answers (the API's cap). */
const PAGE = 100;
/** How many pages of runs a range may take: a month of a dozen busy trains. */
const MAX_PAGES = 5;

/**
 * The departures in the calendar's range (past ones included: the API
 * answers any range near today) and, when the range reaches into the
 * past, the runs those departures became.
 */
export function useCalendarData(
  range: CalendarRange,
  now: DateTime,
  refreshKey: number,
) {
  const api = useApi(releaseTrainsApiRef);
  const from = range.start.toUTC().toISO()!;
  const to = range.end.toUTC().toISO()!;
  const reachesPast = range.start < now;
  return useAsync(async () => {
    const runsInRange = async (): Promise<TrainRun[]> => {
      if (!reachesPast) return [];
      // Runs come newest first; page back until the range's start. Each page
      // ends a millisecond after the last one's oldest run, so that runs of
      // other trains at that same instant are not skipped (duplicates merge).
      const runs = new Map<string, TrainRun>();
      let before = to;
      for (let page = 0; page < MAX_PAGES; page++) {
        const { items } = await api.listTrainRuns({ before, limit: PAGE });
        items.forEach(run => runs.set(run.id, run));
        const oldest = items[items.length - 1];
        if (
          items.length < PAGE ||
          Date.parse(oldest.departsAt) < Date.parse(from)
        ) {
          break;
        }
        before = new Date(Date.parse(oldest.departsAt) + 1).toISOString();
      }
      return [...runs.values()];
    };
    const [departures, runs] = await Promise.all([
      api.listDepartures({ from, to }),
      runsInRange(),
    ]);
    return { departures: departures.items, runs };
    // The range is compared by its bounds, not by object identity.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, from, to, reachesPast, refreshKey]);
}
