import assert from 'node:assert/strict';
import { test } from 'node:test';
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
type Run = { id: string; items: { service: string; version?: string }[] };

async function api<T>(path: string, token: string): Promise<T> {
  const response = await fetch(`${backendUrl}/api/release-trains${path}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  assert.equal(response.status, 200, path);
  return (await response.json()) as T;
}

/** 15:00 for a departure at 15:00 in the train's time zone. */
const wallClock = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));

test('the schedule shows the demo trains’ next departures, and a run’s manifest its services and versions', async t => {
  const token = await guestToken();
  const { items: trains } = await api<{ items: Train[] }>('/trains', token);
  assert.deepEqual(
    trains.map(train => train.name),
    ['express', 'weekly'],
  );
  const { items: runs } = await api<{ items: Run[] }>(
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
    await manifest
      .getByText(`${item.service} ${item.version ?? '—'}:`, { exact: false })
      .waitFor({ timeout: 30_000 });
  }
  await expectAccessible(page, 'A run’s manifest');
});
