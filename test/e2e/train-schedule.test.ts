import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  backendUrl,
  frontendUrl,
  guestToken,
  signInAsGuest,
  usePortalAndBrowser,
} from './support/portal.ts';
import { expectAccessible } from '../support/a11y.mts';

const portal = usePortalAndBrowser();

type Train = {
  name: string;
  timeZone: string;
  next?: { departsAt: string };
};
type Item = { service: string; version?: string; state: string };
type Run = { id: string; departsAt: string; items: Item[] };
type Entity = { metadata: { name: string; title?: string } };

async function api<T>(path: string, token: string): Promise<T> {
  const response = await fetch(`${backendUrl}/api${path}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  assert.equal(response.status, 200, path);
  return (await response.json()) as T;
}

const trainsApi = <T>(path: string, token: string) =>
  api<T>(`/release-trains${path}`, token);

/** What the portal shows for a service ref: its catalog title, else its name. */
async function catalogName(ref: string, token: string): Promise<string> {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  const entity = await api<Entity>(
    `/catalog/entities/by-name/${kind}/${namespace}/${name}`,
    token,
  );
  return entity.metadata.title ?? entity.metadata.name;
}

/** 15:00 for a departure at 15:00 in the train's time zone. */
const wallClock = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));

/** The calendar day (YYYY-MM-DD) of an instant in a time zone. */
const dayIn = (instant: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone }).format(instant);

/** The Monday of a day's week (the calendar's weeks start on Monday), in days since 1970. */
function mondayOf(day: string): number {
  const days = Date.parse(`${day}T00:00:00Z`) / 86_400_000;
  const weekday = new Date(days * 86_400_000).getUTCDay(); // 0 = Sunday
  return days - ((weekday + 6) % 7);
}

/** Shows the week of `day` in the week view, from today with Previous / Next. */
async function showWeekOf(page: Page, day: string, timeZone: string) {
  const calendar = page.getByTestId('calendar');
  await calendar.getByRole('button', { name: 'Week', exact: true }).click();
  await calendar.getByRole('button', { name: 'Today', exact: true }).click();
  const weeks = (mondayOf(day) - mondayOf(dayIn(new Date(), timeZone))) / 7;
  const step = calendar.getByRole('button', {
    name: weeks < 0 ? 'Previous week' : 'Next week',
    exact: true,
  });
  for (let i = 0; i < Math.abs(weeks); i++) {
    await step.click();
  }
  await calendar.getByTestId(`calendar-day-${day}`).waitFor();
}

test('the schedule shows the demo trains’ next departures, and a run’s manifest its services and versions', async t => {
  const token = await guestToken();
  const { items: trains } = await trainsApi<{ items: Train[] }>(
    '/trains',
    token,
  );
  assert.deepEqual(
    trains.map(train => train.name),
    ['express', 'weekly'],
  );
  const { items: runs } = await trainsApi<{ items: Run[] }>(
    '/trains/runs?train=express&limit=1',
    token,
  );
  assert.ok(runs[0], 'the demo has express runs');

  const page = await portal.newPage(t, 'train-schedule.png', 1200);
  await signInAsGuest(page);
  await page.goto(`${frontendUrl}/release-trains`);

  for (const train of trains) {
    const card = page.getByTestId(`train-${train.name}`);
    await card.waitFor({ timeout: 60_000 });
    assert.ok(train.next, `${train.name} has a next departure`);
    const time = wallClock(train.next.departsAt, train.timeZone);
    await card
      .getByText(new RegExp(`^Next: .*${time} ${train.timeZone}`))
      .waitFor();
  }

  await expectAccessible(page, 'The train schedule');
  const express = page.getByTestId('train-express');
  await express.getByRole('button', { name: 'Manifest' }).first().click();
  const manifest = page.getByTestId('train-run-manifest');
  for (const item of runs[0].items) {
    const name = await catalogName(item.service, token);
    await manifest
      .getByText(`${name} ${item.version ?? '—'}:`, { exact: false })
      .waitFor({ timeout: 30_000 });
  }
  await expectAccessible(page, 'A run’s manifest');
});

test('the schedule calendar shows the year-end freeze, links past departures to their manifests and previews the next one', async t => {
  const token = await guestToken();
  const { items: trains } = await trainsApi<{ items: Train[] }>(
    '/trains',
    token,
  );
  const express = trains.find(train => train.name === 'express');
  assert.ok(express?.next, 'express has a next departure');
  const zone = express.timeZone;
  const { items: runs } = await trainsApi<{ items: Run[] }>(
    '/trains/runs?train=express&limit=1',
    token,
  );
  const run = runs[0];
  assert.ok(run, 'the demo has express runs');

  const page = await portal.newPage(t, 'train-schedule-calendar.png', 1200);
  await signInAsGuest(page);
  await page.goto(`${frontendUrl}/release-trains`);
  const calendar = page.getByTestId('calendar');
  await calendar.waitFor({ timeout: 60_000 });

  // The demo's weekly train is frozen 21 Dec 2026 – 3 Jan 2027 (Berlin).
  await showWeekOf(page, '2026-12-21', zone);
  const freeze = calendar.getByTestId('freeze-weekly');
  await freeze.waitFor();
  assert.match(
    (await freeze.textContent()) ?? '',
    /Weekly frozen: Year-end freeze \(21 Dec – 3 Jan\)/,
  );
  // Shaded over the whole week, Monday to Sunday.
  assert.equal(await freeze.getAttribute('data-first-day'), '0');
  assert.equal(await freeze.getAttribute('data-days'), '7');
  // Tuesday 22 Dec, 09:00 in Berlin: cancelled, and saying why.
  const frozen = calendar.getByTestId(
    'departure-weekly-2026-12-22T08:00:00.000Z',
  );
  assert.equal(await frozen.getAttribute('data-frozen'), 'true');
  assert.match(
    (await frozen.textContent()) ?? '',
    /Cancelled — frozen: Year-end freeze/,
  );
  await expectAccessible(page, 'The schedule calendar’s week view');

  await calendar.getByRole('button', { name: 'Month', exact: true }).click();
  await page.locator('[data-testid="calendar"][data-view="month"]').waitFor();
  assert.equal(
    await calendar.getByTestId('calendar-title').textContent(),
    'December 2026',
  );
  // The freeze covers the last two weeks of the month: a band on each row.
  await calendar.getByTestId('freeze-weekly').nth(1).waitFor();
  assert.equal(
    await calendar
      .getByTestId('departure-weekly-2026-12-29T08:00:00.000Z')
      .getAttribute('data-frozen'),
    'true',
  );
  await expectAccessible(page, 'The schedule calendar’s month view');

  // A past express departure with a run opens the run's manifest.
  await showWeekOf(page, dayIn(new Date(run.departsAt), zone), zone);
  const past = calendar.getByTestId(
    `departure-express-${new Date(run.departsAt).toISOString()}`,
  );
  assert.equal(await past.getAttribute('data-kind'), 'past');
  assert.match((await past.textContent()) ?? '', /Ran: /);
  await past.click();
  const manifest = page.getByTestId('train-run-manifest');
  assert.ok(run.items.length > 0, 'the run carried services');
  for (const item of run.items) {
    const name = await catalogName(item.service, token);
    // Not the state: the demo's deployer moves it on while the test runs.
    await manifest
      .getByText(`${name} ${item.version ?? '—'}:`, { exact: false })
      .waitFor({ timeout: 30_000 });
  }
  await page.keyboard.press('Escape');
  await manifest.waitFor({ state: 'detached' });

  // The train's next departure previews what would board now and what waits,
  // as the page's own answer says (the demo moves on while the test runs).
  await showWeekOf(page, dayIn(new Date(express.next.departsAt), zone), zone);
  const next = calendar.locator(
    '[data-testid^="departure-express-"][data-kind="next"]',
  );
  const answered = page.waitForResponse(response =>
    response.url().includes('/api/release-trains/trains/express/preview'),
  );
  await next.click();
  const { items: preview } = (await (await answered).json()) as {
    items: Item[];
  };
  const dialog = page.getByTestId('departure-preview');
  await dialog.waitFor();
  const boarding = dialog.getByTestId('preview-boarding');
  const waiting = dialog.getByTestId('preview-waiting');
  await boarding.waitFor({ timeout: 30_000 });
  const boards = preview.filter(item => item.state === 'boarded');
  const waits = preview.filter(item => item.state !== 'boarded');
  if (boards.length === 0) {
    await boarding.getByText('Nothing new would board.').waitFor();
  }
  if (waits.length === 0) {
    await waiting.getByText('Nothing waits.').waitFor();
  }
  for (const [list, items] of [
    [boarding, boards],
    [waiting, waits],
  ] as const) {
    for (const item of items) {
      const name = await catalogName(item.service, token);
      const text = item.version ? `${name} ${item.version}` : name;
      await list.getByText(text, { exact: false }).waitFor({ timeout: 30_000 });
    }
  }
  await expectAccessible(page, 'The next departure’s preview');
});
