import { registerMswTestHooks } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DateTime, Settings } from 'luxon';
import { setupServer } from 'msw/node';
import { renderWithReleaseTrainsApi } from '../../__testUtils__/renderWithApi';
import {
  departuresBetween,
  trainRoutes,
} from './__testUtils__/scheduleTestData';
import { TRAIN_PALETTE, trainColours } from './trainColours';
import { TrainSchedule } from './TrainSchedule';

/** Wednesday 25 November 2026, 13:00 in Berlin. */
const wednesday = DateTime.fromISO('2026-11-25T12:00:00Z');

const block = (train: string, departsAt: string) =>
  screen.findByTestId(`departure-${train}-${departsAt}`);

// Whole calendars render, week after week: slow on a busy machine.
jest.setTimeout(20_000);

describe('ScheduleCalendar', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const realNow = Settings.now;
  afterEach(() => {
    Settings.now = realNow;
  });

  async function open(now: DateTime) {
    Settings.now = () => now.toMillis();
    server.use(...trainRoutes(now));
    await renderWithReleaseTrainsApi(<TrainSchedule />);
    return screen.findByTestId('calendar');
  }

  const click = (name: string | RegExp) =>
    fireEvent.click(screen.getByRole('button', { name }));

  it('shows this week, a column per day, each departure in its train’s colour with its cut-off', async () => {
    const calendar = await open(wednesday);
    expect(screen.getByTestId('calendar-title')).toHaveTextContent(
      '23 – 29 Nov 2026',
    );
    expect(screen.getByTestId('calendar-zone')).toHaveTextContent(
      'Days and times in Europe/Berlin',
    );
    expect(
      within(calendar)
        .getAllByRole('columnheader')
        .map(header => header.textContent),
    ).toEqual([
      'Mon 23 Nov',
      'Tue 24 Nov',
      'Wed 25 Nov (today)',
      'Thu 26 Nov',
      'Fri 27 Nov',
      'Sat 28 Nov',
      'Sun 29 Nov',
    ]);

    const thursday = screen.getByTestId('calendar-day-2026-11-26');
    const later = await block('express', '2026-11-26T09:00:00.000Z');
    expect(thursday).toContainElement(later);
    expect(later).toHaveTextContent('10:00 Express');
    expect(later).toHaveTextContent('cut-off 09:30');
    const colours = trainColours(['express', 'weekly']);
    expect(later).toHaveStyle({ backgroundColor: colours.get('express') });
    const weekly = await block('weekly', '2026-11-24T08:00:00.000Z');
    expect(weekly).toHaveTextContent('09:00 Weekly');
    expect(colours.get('weekly')).not.toBe(colours.get('express'));
    expect(TRAIN_PALETTE).toContain(colours.get('weekly'));
    // Two a weekday for Express, one for Weekly, none at the weekend.
    expect(within(calendar).getAllByTestId(/^departure-/)).toHaveLength(11);
    expect(
      within(screen.getByTestId('calendar-day-2026-11-28')).queryAllByTestId(
        /^departure-/,
      ),
    ).toHaveLength(0);
  });

  it('keeps departures at their wall-clock time, each on its day, across the change to summer time', async () => {
    // Thursday 25 March 2027; clocks go forward on Sunday 28 March.
    await open(DateTime.fromISO('2027-03-25T12:00:00Z'));
    expect(screen.getByTestId('calendar-title')).toHaveTextContent(
      '22 – 28 Mar 2027',
    );
    expect(screen.getByTestId('calendar-day-2027-03-28')).toBeInTheDocument();
    const friday = screen.getByTestId('calendar-day-2027-03-26');
    expect(friday).toContainElement(
      await block('express', '2027-03-26T09:00:00.000Z'),
    );
    expect(friday).toContainElement(
      await block('express', '2027-03-26T14:00:00.000Z'),
    );
    expect(friday).toHaveTextContent(/10:00 Express.*15:00 Express/);

    click('Next week');
    expect(screen.getByTestId('calendar-title')).toHaveTextContent(
      '29 Mar – 4 Apr 2027',
    );
    // Now an hour closer to UTC, at the same time on the clock.
    const monday = screen.getByTestId('calendar-day-2027-03-29');
    expect(monday).toContainElement(
      await block('express', '2027-03-29T08:00:00.000Z'),
    );
    expect(monday).toContainElement(
      await block('express', '2027-03-29T13:00:00.000Z'),
    );
    expect(monday).toHaveTextContent(/10:00 Express.*15:00 Express/);
    expect(await block('weekly', '2027-03-30T07:00:00.000Z')).toHaveTextContent(
      '09:00 Weekly',
    );
  });

  it('shades a freeze over each week it covers, with its reason, and cancels the departures in it', async () => {
    await open(DateTime.fromISO('2026-12-16T12:00:00Z'));
    expect(screen.queryByTestId('freeze-weekly')).not.toBeInTheDocument();

    click('Next week');
    const first = await screen.findByTestId('freeze-weekly');
    expect(first).toHaveTextContent(
      'Weekly frozen: Year-end freeze (21 Dec – 3 Jan)',
    );
    const frozen = await screen.findByRole('button', {
      name: 'Weekly train departs Tue 22 Dec 09:00, frozen: Year-end freeze',
    });
    expect(frozen).toHaveTextContent('Cancelled — frozen: Year-end freeze');
    expect(frozen).toHaveAttribute('data-frozen', 'true');
    // Express is not frozen and departs as usual.
    expect(
      await block('express', '2026-12-22T09:00:00.000Z'),
    ).toHaveTextContent('cut-off 09:30');

    click('Next week');
    expect(await screen.findByTestId('freeze-weekly')).toHaveTextContent(
      'Weekly frozen: Year-end freeze (21 Dec – 3 Jan)',
    );
    expect(
      await screen.findByRole('button', {
        name: 'Weekly train departs Tue 29 Dec 09:00, frozen: Year-end freeze',
      }),
    ).toBeInTheDocument();

    click('Next week');
    expect(await block('weekly', '2027-01-05T08:00:00.000Z')).toHaveTextContent(
      'Next · cut-off 07:00',
    );
    expect(screen.queryByTestId('freeze-weekly')).not.toBeInTheDocument();
  });

  it('shows the whole month’s departures in the month view', async () => {
    const calendar = await open(DateTime.fromISO('2026-12-16T12:00:00Z'));
    click('Month');
    expect(screen.getByRole('button', { name: 'Month' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(screen.getByTestId('calendar-title')).toHaveTextContent(
      'December 2026',
    );
    expect(calendar).toHaveAttribute('data-view', 'month');
    expect(
      await block('express', '2026-12-31T14:00:00.000Z'),
    ).toBeInTheDocument();
    const shown = departuresBetween(
      '2026-11-29T23:00:00.000Z',
      '2027-01-03T23:00:00.000Z',
    );
    expect(shown).toHaveLength(55);
    expect(within(calendar).getAllByTestId(/^departure-/)).toHaveLength(55);
    expect(within(calendar).getAllByTestId(/^calendar-day-/)).toHaveLength(35);
    expect(screen.getByTestId('calendar-day-2026-12-16')).toHaveTextContent(
      /^16 \(today\)/,
    );
    expect(screen.getByTestId('calendar-day-2026-11-30')).toHaveTextContent(
      /^30 Nov/,
    );
    // The freeze shows in both weeks of December it covers.
    expect(within(calendar).getAllByTestId('freeze-weekly')).toHaveLength(2);

    click('Next month');
    expect(screen.getByTestId('calendar-title')).toHaveTextContent(
      'January 2027',
    );
    expect(
      await block('express', '2027-01-29T14:00:00.000Z'),
    ).toBeInTheDocument();
  });

  it('opens a past departure’s run manifest', async () => {
    await open(wednesday);
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Express train departed Mon 23 Nov 10:00, open its run manifest',
      }),
    );
    const manifest = await screen.findByTestId('train-run-manifest');
    // The service as the catalog names it, its version, state and stage.
    await waitFor(() =>
      expect(manifest).toHaveTextContent(
        /payments 1\.4\.2: awaiting-approval \(prod\)/,
      ),
    );
    // A past departure the ledger has no run for says so.
    expect(
      await block('express', '2026-11-23T14:00:00.000Z'),
    ).toHaveTextContent('No run recorded');
  });

  it('previews what the next departure would carry and what waits, with why', async () => {
    await open(wednesday);
    const next = await block('express', '2026-11-25T14:00:00.000Z');
    expect(next).toHaveTextContent('Next · cut-off 14:30');
    fireEvent.click(next);

    const preview = await screen.findByTestId('departure-preview');
    expect(preview).toHaveTextContent(
      'Cut-off Wed 25 Nov, 14:30 Europe/Berlin (in 1 hour)',
    );
    const boarding = await within(preview).findByTestId('preview-boarding');
    expect(boarding).toHaveTextContent('payments 1.5.0 (3 changes)');
    expect(within(preview).getByTestId('preview-waiting')).toHaveTextContent(
      'cart: 2.2.0 was built after the cut-off; it waits for the next train',
    );
  });

  it('opens a block from the keyboard: Tab to it, Enter', async () => {
    const user = userEvent.setup();
    await open(wednesday);
    const next = await block('express', '2026-11-25T14:00:00.000Z');
    for (let tabs = 0; tabs < 60 && document.activeElement !== next; tabs++) {
      await user.tab();
    }
    expect(next).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(await screen.findByTestId('preview-boarding')).toHaveTextContent(
      'payments 1.5.0',
    );
  });
});
