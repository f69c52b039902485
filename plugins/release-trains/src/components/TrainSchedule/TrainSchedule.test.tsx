import { registerMswTestHooks } from '@backstage/test-utils';
import { trainsSignalChannel } from '@release-trains/plugin-release-trains-common';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { DateTime, Settings } from 'luxon';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  errorResponse,
  renderWithReleaseTrainsApi,
  testBaseUrl as baseUrl,
  testSignals,
} from '../../__testUtils__/renderWithApi';
import { NextTrain } from './NextTrain';
import { run, trainRoutes, trainsAt } from './__testUtils__/scheduleTestData';
import { TrainSchedule } from './TrainSchedule';

const inHours = (hours: number) =>
  new Date(Date.now() + hours * 3_600_000).toISOString();

/** Wednesday 25 November 2026, 13:00 in Berlin. */
const now = DateTime.fromISO('2026-11-25T12:00:00Z');

// Whole calendars render, week after week: slow on a busy machine.
jest.setTimeout(20_000);

describe('TrainSchedule', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const realNow = Settings.now;
  beforeEach(() => {
    Settings.now = () => now.toMillis();
  });
  afterEach(() => {
    Settings.now = realNow;
  });

  it('keeps a card per train: next departure, cut-off countdown, what rides it, its runs', async () => {
    server.use(...trainRoutes(now));
    await renderWithReleaseTrainsApi(<TrainSchedule />);

    const express = await screen.findByTestId('train-express');
    expect(express).toHaveTextContent(
      'Next: Wed 25 Nov, 15:00 Europe/Berlin — cut-off Wed 25 Nov, 14:30 Europe/Berlin (in 1 hour)',
    );
    expect(express).toHaveTextContent(
      '2 service(s), boarding from dev, at most 40 changes',
    );
    expect(within(express).getByText('in prod')).toBeInTheDocument();
    expect(screen.getByTestId('train-weekly')).toHaveTextContent(
      'Next: Tue 1 Dec, 09:00 Europe/Berlin',
    );
    // The old list of departures is gone: the calendar shows them.
    expect(screen.queryByText('Next departures')).not.toBeInTheDocument();
    expect(await screen.findByTestId('calendar')).toBeInTheDocument();
  });

  it('opens a run’s manifest from the runs table: services, versions, where they are, and changes', async () => {
    server.use(...trainRoutes(now));
    await renderWithReleaseTrainsApi(<TrainSchedule />);

    const express = await screen.findByTestId('train-express');
    fireEvent.click(within(express).getByRole('button', { name: 'Manifest' }));
    const manifest = await screen.findByTestId('train-run-manifest');
    // The service as the catalog names it (see TrainRunManifest.test.tsx).
    expect(
      await within(manifest).findByText(/1\.4\.2: awaiting-approval \(prod\)/),
    ).toHaveTextContent('payments 1.4.2: awaiting-approval (prod)');
    expect(manifest).toHaveTextContent(
      '#42 Fix rounding in checkout (ben.okafor)',
    );
    expect(manifest).toHaveTextContent(
      '2.1.0 was built after the cut-off; it waits for the next train',
    );
  });

  it('says so when no train is configured', async () => {
    server.use(
      http.get(`${baseUrl}/trains`, () => HttpResponse.json({ items: [] })),
      http.get(`${baseUrl}/trains/runs`, () =>
        HttpResponse.json({ items: [] }),
      ),
    );
    await renderWithReleaseTrainsApi(<TrainSchedule />);
    expect(await screen.findByText('No trains')).toBeInTheDocument();
    expect(screen.queryByTestId('calendar')).not.toBeInTheDocument();
  });

  it('says so when no train departs in the week shown', async () => {
    // Handlers given later take precedence (msw prepends each use).
    server.use(...trainRoutes(now));
    server.use(
      http.get(`${baseUrl}/trains/departures`, () =>
        HttpResponse.json({ items: [] }),
      ),
    );
    await renderWithReleaseTrainsApi(<TrainSchedule />);
    expect(await screen.findByTestId('calendar-empty')).toHaveTextContent(
      'No departures this week.',
    );
    expect(
      within(screen.getByTestId('calendar')).queryAllByTestId(/^departure-/),
    ).toHaveLength(0);
  });

  it('shows the backend’s error', async () => {
    server.use(...trainRoutes(now));
    server.use(
      http.get(`${baseUrl}/trains`, () =>
        errorResponse(
          503,
          'ServiceUnavailableError',
          'the ledger is unreachable',
        ),
      ),
    );
    await renderWithReleaseTrainsApi(<TrainSchedule />);
    expect(
      (await screen.findAllByText(/the ledger is unreachable/)).length,
    ).toBeGreaterThan(0);
  });

  it('shows the calendar’s own error, and the train cards still', async () => {
    server.use(...trainRoutes(now));
    server.use(
      http.get(`${baseUrl}/trains/departures`, () =>
        errorResponse(400, 'InputError', 'from is not within two years'),
      ),
    );
    await renderWithReleaseTrainsApi(<TrainSchedule />);
    const calendar = await screen.findByTestId('calendar');
    expect(
      (await within(calendar).findAllByText(/from is not within two years/))
        .length,
    ).toBeGreaterThan(0);
    expect(screen.getByTestId('train-express')).toBeInTheDocument();
  });

  it('refetches when the backend signals that a train departed', async () => {
    const signals = testSignals();
    let runs: object[] = [];
    server.use(...trainRoutes(now));
    server.use(
      http.get(`${baseUrl}/trains/runs`, () =>
        HttpResponse.json({ items: runs }),
      ),
    );
    await renderWithReleaseTrainsApi(<TrainSchedule />, {
      signalApi: signals.signalApi,
    });
    const express = await screen.findByTestId('train-express');
    expect(
      await within(express).findByText('This train has not departed yet'),
    ).toBeInTheDocument();

    runs = [run];
    act(() => signals.send(trainsSignalChannel));
    expect(await within(express).findByText('in prod')).toBeInTheDocument();
    // The calendar's past departure now opens that run.
    expect(
      await screen.findByRole('button', {
        name: 'Express train departed Mon 23 Nov 10:00, open its run manifest',
      }),
    ).toBeInTheDocument();
  });
});

describe('NextTrain', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('tells which train a service rides, its next departure and cut-off', async () => {
    const [express] = trainsAt(DateTime.now());
    server.use(
      http.get(`${baseUrl}/trains`, () =>
        HttpResponse.json({
          items: [
            {
              ...express,
              next: {
                train: 'express',
                departsAt: '2026-11-24T14:00:00.000Z',
                cutoffAt: inHours(2.5),
              },
            },
          ],
        }),
      ),
    );
    await renderWithReleaseTrainsApi(
      <NextTrain service="component:default/payments" />,
    );
    expect(await screen.findByTestId('next-train')).toHaveTextContent(
      /Rides the Express train — next departure Tue 24 Nov, 15:00 Europe\/Berlin, cut-off \d\d:\d\d \(in 2 hours\)/,
    );
  });
});
