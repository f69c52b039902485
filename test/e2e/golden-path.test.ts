import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  backendUrl,
  frontendUrl,
  personToken,
  signInAs,
  waitForEntity,
  usePortalAndBrowser,
} from './support/portal.ts';
import { expectAccessible } from '../support/a11y.mts';

const portal = usePortalAndBrowser();

test('create a service on the golden path and get the link to its Release tab', async t => {
  const name = `e2e-${Date.now().toString(36)}`;
  const token = await personToken('dana.kowalski');
  await waitForEntity(token, 'template', 'golden-path-service');

  const page = await portal.newPage(t, 'golden-path.png', 1100);
  await signInAs(page, 'Dana Kowalski');
  await page.goto(`${frontendUrl}/create`);
  await page
    .getByText('New service on the golden path')
    .first()
    .waitFor({ timeout: 60_000 });
  await expectAccessible(page, 'The templates');
  await page
    .locator('.MuiCard-root')
    .filter({ hasText: 'New service on the golden path' })
    .getByRole('button', { name: 'Choose' })
    .click();

  // The service
  await page.getByLabel('Name').waitFor();
  await expectAccessible(page, 'The template form');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Owner').click();
  await page.getByRole('option', { name: 'Platform' }).click();
  await page.getByRole('button', { name: 'Next' }).click();

  // Its way to production: pickers fed by the backend.
  await page.getByTestId('train-picker').waitFor();
  // The pickers are disabled (grey) until their options have loaded.
  await page
    .locator('form .Mui-disabled')
    .first()
    .waitFor({ state: 'detached', timeout: 30_000 });
  await expectAccessible(
    page,
    'The template form’s pipeline and train pickers',
  );
  await page.getByTestId('train-picker').click();
  await page.getByRole('option', { name: /^Express/ }).click();
  await page.getByRole('button', { name: 'Next' }).click();

  // Where its code lives: this machine (no Git host in the demo).
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  const releaseTab = page.getByRole('link', { name: 'Release tab' });
  await releaseTab.waitFor({ timeout: 120_000 });
  assert.equal(
    await releaseTab.getAttribute('href'),
    `${frontendUrl}/catalog/default/component/${name}/release`,
  );
  await page
    .getByText(/nothing was pushed: the\s+repository is kept in/)
    .first()
    .waitFor();
  await expectAccessible(page, 'The finished task');

  // The backend knows it: on its pipeline and the express train.
  const response = await fetch(`${backendUrl}/api/release-trains/trains`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const { items } = (await response.json()) as {
    items: { name: string; services: string[] }[];
  };
  assert.ok(
    items
      .find(train => train.name === 'express')
      ?.services.includes(`component:default/${name}`),
  );
});
