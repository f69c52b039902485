import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  backendUrl,
  frontendUrl,
  guestToken,
  signInAsGuest,
  waitForEntity,
  usePortalAndBrowser,
} from './support/portal.ts';
import { expectAccessible } from '../support/a11y.mts';

const portal = usePortalAndBrowser();

test('a demo service’s Release tab shows the version in each of its three stages', async t => {
  const token = await guestToken();
  await waitForEntity(token, 'component', 'payments');
  const response = await fetch(
    `${backendUrl}/api/release-trains/pipeline?service=component:default/payments`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  assert.equal(response.status, 200);
  const pipeline = (await response.json()) as {
    stages: { stage: string; current?: { version: string } }[];
  };
  assert.deepEqual(
    pipeline.stages.map(s => s.stage),
    ['dev', 'staging', 'prod'],
  );

  const page = await portal.newPage(t, 'release-tab.png', 900);
  await signInAsGuest(page);
  await page.goto(`${frontendUrl}/catalog/default/component/payments`);
  await page.getByRole('link', { name: 'Release', exact: true }).click();
  await page.waitForURL(url => url.pathname.endsWith('/release'));

  for (const { stage, current } of pipeline.stages) {
    assert.ok(current, `the demo data deploys payments to ${stage}`);
    const lane = page.getByTestId(`stage-lane-${stage}`);
    await lane
      .getByText(current.version, { exact: true })
      .waitFor({ timeout: 60_000 });
  }
  for (const title of ['Dev', 'Staging', 'Prod']) {
    await page.getByText(title, { exact: true }).first().waitFor();
  }
  await expectAccessible(page, 'The Release tab');
});
