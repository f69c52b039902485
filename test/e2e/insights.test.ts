import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  backendUrl,
  frontendUrl,
  guestToken,
  outputDir,
  signInAsGuest,
  usePortalAndBrowser,
} from './support/portal.ts';
import { expectAccessible } from '../support/a11y.mts';

const portal = usePortalAndBrowser();

const team = 'group:default/team-payments';

/** Waits until the catalog sync has brought the team's services. */
async function teamSynced(token: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const response = await fetch(
      `${backendUrl}/api/release-trains/insights/dora?owner=${team}`,
      { headers: { Authorization: `Bearer ${token}` } },
    ).catch(() => undefined);
    if (response?.ok && (await response.json()).serviceCount >= 2) return;
    if (Date.now() > deadline) {
      throw new Error(`The services of ${team} were not synced`);
    }
    await new Promise(resolve => setTimeout(resolve, 2000));
  }
}

test('Insights draws a team’s DORA figures as the API computes them, and leads to the deployments behind one', async t => {
  const token = await guestToken();
  await teamSynced(token);
  const page = await portal.newPage(t, 'insights.png', 1600);
  await signInAsGuest(page);

  // Half a year of the demo: the earlier months have failures and hotfixes.
  await page.goto(`${frontendUrl}/release-trains/insights?range=180`);
  const owner = page.getByLabel('Owner');
  await owner.waitFor({ timeout: 60_000 });
  const answered = page.waitForResponse(
    response =>
      response.url().includes('/insights/dora') &&
      new URL(response.url()).searchParams.get('owner') === team,
    { timeout: 60_000 },
  );
  // The organisation's teams side by side, the team among them.
  await page
    .getByRole('table', { name: 'Teams compared' })
    .getByRole('row')
    .filter({ hasText: 'team-payments' })
    .waitFor({ timeout: 60_000 });

  await owner.fill(team);
  await owner.press('Enter');
  const response = await answered;
  assert.equal(response.status(), 200);

  // The same question, asked of the API directly.
  const api = await fetch(
    `${backendUrl}/api/release-trains/insights/dora${
      new URL(response.url()).search
    }`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  assert.equal(api.status, 200);
  const report = (await api.json()) as {
    serviceCount: number;
    totals: {
      deploymentFrequency: { deployments: number };
      changeFailRate: { count: number; samples: number };
    };
  };
  assert.ok(report.serviceCount >= 2, 'the team owns several services');
  assert.ok(report.totals.changeFailRate.count > 0, 'the demo has failures');

  const frequency = page.getByRole('region', { name: 'Deployment frequency' });
  await frequency.waitFor();
  assert.match(
    await frequency.innerText(),
    new RegExp(
      `from ${report.totals.deploymentFrequency.deployments} deployments`,
    ),
  );
  const failRate = page.getByRole('region', { name: 'Change fail rate' });
  assert.match(
    await failRate.innerText(),
    new RegExp(
      `${report.totals.changeFailRate.count} of ${report.totals.changeFailRate.samples}`,
    ),
  );
  // The trend charts, drawn: bars for the deployments of each week.
  await page.locator('.recharts-bar-rectangle').first().waitFor();
  assert.ok((await page.locator('.recharts-surface').count()) >= 4);
  // Where the team's changes wait, and how its prod deployments passed the gate.
  await page.getByText('Where changes wait').waitFor();
  await page.getByText('Gate compliance').waitFor();
  await page.screenshot({
    path: join(outputDir, 'insights-team.png'),
    fullPage: true,
  });
  await expectAccessible(page, 'Delivery insights');
  // Only the current page is highlighted in the sidebar, not the Release
  // Trains page above it.
  const sidebar = page.locator('nav');
  assert.equal(
    await sidebar
      .getByRole('link', { name: 'Delivery insights' })
      .getAttribute('aria-current'),
    'page',
  );
  assert.equal(
    await sidebar
      .getByRole('link', { name: 'Release Trains', exact: true })
      .getAttribute('aria-current'),
    null,
  );

  // The figure links to the deployments behind it: the same scope, prod,
  // those that ran, finished within the period. Listed through the API
  // with the same filters, they are exactly the figure's count.
  await page
    .getByRole('link', {
      name: 'Deployments behind the deployment frequency',
    })
    .click();
  await page.waitForURL(/\/release-trains\/insights\/deployments\?/);
  const filters = new URL(page.url()).searchParams;
  assert.equal(filters.get('owner'), team);
  assert.equal(filters.get('outcome'), 'ran');
  assert.ok(filters.get('finishedFrom'), 'the period of the figure');
  await page
    .getByRole('row')
    .filter({ hasText: 'succeeded' })
    .first()
    .waitFor({ timeout: 60_000 });
  await expectAccessible(page, 'The deployments behind a figure');
  let listed = 0;
  for (let cursor: string | undefined; ; ) {
    const query = new URLSearchParams(filters);
    query.set('limit', '200');
    if (cursor) query.set('cursor', cursor);
    const listing = await fetch(
      `${backendUrl}/api/release-trains/deployments?${query}`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    assert.equal(listing.status, 200);
    const body = (await listing.json()) as {
      items: unknown[];
      nextCursor?: string;
    };
    listed += body.items.length;
    if (!body.nextCursor) break;
    cursor = body.nextCursor;
  }
  assert.equal(listed, report.totals.deploymentFrequency.deployments);
});
