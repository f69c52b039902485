/*
 * The README's screenshots: each main page of the demo at 1280×800 once its
 * data is there, checked for accessibility first. They go to
 * test/e2e/output/screenshots; with UPDATE_SCREENSHOTS=1 to
 * docs/screenshots, to commit when a page has changed:
 *
 *   UPDATE_SCREENSHOTS=1 node --test test/e2e/screenshots.test.ts
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { expectAccessible } from '../support/a11y.mts';
import {
  frontendUrl,
  guestToken,
  outputDir,
  signInAsGuest,
  waitForEntity,
  usePortalAndBrowser,
} from './support/portal.ts';

const portal = usePortalAndBrowser();
const screenshots = process.env.UPDATE_SCREENSHOTS
  ? join(import.meta.dirname, '..', '..', 'docs', 'screenshots')
  : join(outputDir, 'screenshots');

/** Checks the settled page, then keeps `what` of it (the page by default). */
async function keep(page: Page, name: string, what?: Locator) {
  await expectAccessible(page, name);
  const options = {
    path: join(screenshots, `${name}.png`),
    animations: 'disabled' as const,
    caret: 'hide' as const,
  };
  await (what ?? page).screenshot(options);
}

test('the README’s screenshots of the demo’s main pages', async t => {
  mkdirSync(screenshots, { recursive: true });
  await waitForEntity(await guestToken(), 'component', 'payments');
  const page = await portal.newPage(t, 'screenshots.png', 800);
  await page.setViewportSize({ width: 1280, height: 800 });
  // The demo's sign-in page, which every browser test passes through.
  await page.goto(frontendUrl);
  await page
    .getByRole('button', { name: 'Sign in as Guest' })
    .waitFor({ timeout: 60_000 });
  await expectAccessible(page, 'The sign-in page');
  await signInAsGuest(page);

  // A service's Release tab: its stages, what waits, the history.
  await page.goto(`${frontendUrl}/catalog/default/component/payments/release`);
  for (const stage of ['dev', 'staging', 'prod']) {
    await page.getByTestId(`stage-lane-${stage}`).waitFor({ timeout: 60_000 });
  }
  await page.getByText('Deploy history').first().waitFor({ timeout: 60_000 });
  await keep(page, 'release-tab');

  // The Release Trains page: the trains' schedule.
  await page.goto(`${frontendUrl}/release-trains`);
  await page.getByTestId('train-express').waitFor({ timeout: 60_000 });
  await keep(page, 'release-trains');

  // The organisation's dependency graph, further down the same page.
  const graph = page.locator('#dependency-graph');
  await graph
    .getByRole('figure', { name: /^Dependency graph in prod/ })
    .waitFor({ timeout: 60_000 });
  await graph.scrollIntoViewIfNeeded();
  await keep(page, 'dependency-graph', graph);

  // Delivery insights of a team over half a year.
  await page.goto(
    `${frontendUrl}/release-trains/insights?range=180&owner=${encodeURIComponent(
      'group:default/team-payments',
    )}`,
  );
  await page
    .getByRole('region', { name: 'Deployment frequency' })
    .waitFor({ timeout: 60_000 });
  await page.locator('.recharts-bar-rectangle').first().waitFor();
  await keep(page, 'delivery-insights');
});
