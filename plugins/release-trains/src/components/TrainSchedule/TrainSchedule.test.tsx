import { registerMswTestHooks } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  errorResponse,
  renderWithReleaseTrainsApi,
  testBaseUrl as baseUrl,
} from '../../__testUtils__/renderWithApi';
import { NextTrain } from './NextTrain';
import { TrainSchedule } from './TrainSchedule';

const inHours = (hours: number) =>
  new Date(Date.now() + hours * 3_600_000).toISOString();

const express = {
  name: 'express',
  title: 'Express',
  cron: '0 10,15 * * 1-5',
  timeZone: 'Europe/Berlin',
  cutoffMinutes: 30,
  pipeline: 'default',
  boardsFrom: 'dev',
  maxChanges: 40,
  services: ['component:default/payments', 'component:default/cart'],
  freezes: [],
  next: {
    train: 'express',
    departsAt: '2026-11-24T14:00:00.000Z',
    cutoffAt: inHours(2.5),
  },
};

const run = {
  id: 'run-1',
  train: 'express',
  departsAt: '2026-11-23T09:00:00.000Z',
  cutoffAt: '2026-11-23T08:30:00.000Z',
  state: 'in-stage',
  stage: 'prod',
  createdAt: '2026-11-23T09:00:01.000Z',
  items: [
    {
      service: 'component:default/payments',
      version: '1.4.2',
      state: 'awaiting-approval',
      stage: 'prod',
      changeCount: 1,
    },
    {
      service: 'component:default/cart',
      state: 'waiting',
      changeCount: 0,
      reason: '2.1.0 was built after the cut-off; it waits for the next train',
    },
  ],
};

describe('TrainSchedule', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  function serve() {
    server.use(
      http.get(`${baseUrl}/trains`, () =>
        HttpResponse.json({ items: [express] }),
      ),
      http.get(`${baseUrl}/trains/departures`, () =>
        HttpResponse.json({
          items: [
            {
              train: 'express',
              departsAt: '2026-11-24T14:00:00.000Z',
              cutoffAt: '2026-11-24T13:30:00.000Z',
            },
            {
              train: 'express',
              departsAt: '2026-12-24T09:00:00.000Z',
              cutoffAt: '2026-12-24T08:30:00.000Z',
              frozen: { reason: 'Holidays' },
            },
          ],
        }),
      ),
      http.get(`${baseUrl}/trains/runs`, () =>
        HttpResponse.json({ items: [run] }),
      ),
      http.get(`${baseUrl}/trains/runs/run-1`, () =>
        HttpResponse.json({
          ...run,
          items: run.items.map(item => ({
            ...item,
            changeList: item.version
              ? [
                  {
                    commitSha: 'abc1234',
                    prNumber: 42,
                    title: 'Fix rounding in checkout',
                    author: 'ben.okafor',
                    issueKeys: [],
                  },
                ]
              : [],
          })),
        }),
      ),
    );
  }

  it('shows each train’s next departure, cut-off, frozen departures and runs', async () => {
    serve();
    await renderWithReleaseTrainsApi(<TrainSchedule />);

    const train = await screen.findByTestId('train-express');
    expect(train).toHaveTextContent('Next: Tue 24 Nov, 15:00 Europe/Berlin');
    expect(train).toHaveTextContent('(in 2 hours)');
    expect(train).toHaveTextContent(
      '2 service(s), boarding from dev, at most 40 changes',
    );
    const departures = within(train).getByTestId('departures-express');
    expect(departures).toHaveTextContent('Thu 24 Dec, 10:00 Europe/Berlin');
    expect(departures).toHaveTextContent('frozen: Holidays');
    expect(within(train).getByText('in prod')).toBeInTheDocument();
  });

  it('opens a run’s manifest: services, versions, where they are, and changes', async () => {
    serve();
    await renderWithReleaseTrainsApi(<TrainSchedule />);

    fireEvent.click(await screen.findByRole('button', { name: 'Manifest' }));
    const manifest = await screen.findByTestId('train-run-manifest');
    expect(
      await within(manifest).findByText(
        'component:default/payments 1.4.2: awaiting-approval (prod)',
      ),
    ).toBeInTheDocument();
    expect(manifest).toHaveTextContent(
      '#42 Fix rounding in checkout (ben.okafor)',
    );
    expect(manifest).toHaveTextContent(
      '2.1.0 was built after the cut-off; it waits for the next train',
    );
  });

  it('shows the backend’s error', async () => {
    serve();
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
});

describe('NextTrain', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('tells which train a service rides, its next departure and cut-off', async () => {
    server.use(
      http.get(`${baseUrl}/trains`, () =>
        HttpResponse.json({ items: [express] }),
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
