import { registerMswTestHooks } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { DateTime } from 'luxon';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  renderWithReleaseTrainsApi,
  testBaseUrl as baseUrl,
} from '../../__testUtils__/renderWithApi';
import { trainsAt } from './__testUtils__/scheduleTestData';
import { TrainCard } from './TrainCard';

const ics = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n';
const express = trainsAt(DateTime.fromISO('2026-11-25T12:00:00Z'))[0];

describe('TrainCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const createObjectURL = jest.fn((_: Blob) => 'blob:express-calendar');
  const revokeObjectURL = jest.fn();
  let clicked: { download: string; href: string }[];
  beforeEach(() => {
    clicked = [];
    // jsdom has no object URLs and does not download: record what would.
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function record(this: HTMLAnchorElement) {
        clicked.push({ download: this.download, href: this.href });
      });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    createObjectURL.mockClear();
  });

  it('downloads the train’s departures as <train>.ics, fetched through the API', async () => {
    const requests: string[] = [];
    server.use(
      http.get(`${baseUrl}/trains/:name/calendar.ics`, ({ request }) => {
        requests.push(new URL(request.url).pathname);
        return new HttpResponse(ics, {
          headers: { 'Content-Type': 'text/calendar; charset=utf-8' },
        });
      }),
    );
    await renderWithReleaseTrainsApi(
      <TrainCard train={express} runs={[]} onOpenRun={jest.fn()} />,
    );

    fireEvent.click(
      within(screen.getByTestId('train-express')).getByRole('button', {
        name: 'Add to calendar (.ics)',
      }),
    );

    await waitFor(() =>
      expect(clicked).toEqual([
        { download: 'express.ics', href: 'blob:express-calendar' },
      ]),
    );
    expect(requests).toEqual([
      '/api/release-trains/trains/express/calendar.ics',
    ]);
    const blob = createObjectURL.mock.calls[0][0];
    expect(blob.type).toBe('text/calendar;charset=utf-8');
    expect(await blob.text()).toBe(ics);
    // The temporary link is gone again.
    expect(document.querySelector('a[download]')).toBeNull();
  });

  it('says so when the calendar cannot be downloaded, and downloads nothing', async () => {
    server.use(
      http.get(`${baseUrl}/trains/:name/calendar.ics`, () =>
        HttpResponse.json(
          { error: { name: 'NotFoundError', message: 'No train express' } },
          { status: 404 },
        ),
      ),
    );
    await renderWithReleaseTrainsApi(
      <TrainCard train={express} runs={[]} onOpenRun={jest.fn()} />,
    );

    fireEvent.click(
      screen.getByRole('button', { name: 'Add to calendar (.ics)' }),
    );

    expect(await screen.findByRole('alert')).toHaveTextContent(
      "Could not download the Express train's calendar",
    );
    expect(clicked).toEqual([]);
    expect(createObjectURL).not.toHaveBeenCalled();
  });
});
