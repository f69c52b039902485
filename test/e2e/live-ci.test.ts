import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { expectAccessible } from '../support/a11y.mts';
import {
  backendUrl,
  frontendUrl,
  guestToken,
  signInAsGuest,
  waitForEntity,
  usePortalAndBrowser,
} from './support/portal.ts';

const portal = usePortalAndBrowser();

// The demo's CI source (app-config.yaml), which may report for this service
// only; no other browser test touches it.
const SOURCE = 'demo-ci';
const SECRET = 'demo-ci-secret-known-to-all';
const SERVICE = 'component:default/notifications-service';

/** Posts a CI event signed as docs/ingestion.md says. */
async function postEvent(delivery: string, event: object): Promise<void> {
  const body = JSON.stringify(event);
  const t = Math.floor(Date.now() / 1000);
  const signature = createHmac('sha256', SECRET)
    .update(`${t}.${delivery}.${body}`)
    .digest('hex');
  const response = await fetch(`${backendUrl}/api/release-trains/events`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Release-Trains-Source': SOURCE,
      'X-Release-Trains-Delivery': delivery,
      'X-Release-Trains-Signature': `t=${t},sha256=${signature}`,
    },
    body,
  });
  assert.equal(response.status, 200, await response.text());
}

test('a deployment CI reports shows in the open Release tab without a reload', async t => {
  const token = await guestToken();
  await waitForEntity(token, 'component', 'notifications-service');
  // A version no earlier run has reported: the seconds since 1970.
  const version = `9.${Math.floor(Date.now() / 1000)}.0`;

  const page = await portal.newPage(t, 'live-ci.png', 900);
  await signInAsGuest(page);
  // The tab listens once it has subscribed to the service's channel.
  const subscribed = new Promise<void>(resolve => {
    page.on('websocket', socket =>
      socket.on('framesent', ({ payload }) => {
        if (
          String(payload).includes('"subscribe"') &&
          String(payload).includes(`release-trains:${SERVICE}`)
        ) {
          resolve();
        }
      }),
    );
  });
  await page.goto(
    `${frontendUrl}/catalog/default/component/notifications-service/release`,
  );
  const dev = page.getByTestId('stage-lane-dev');
  await dev.waitFor({ timeout: 60_000 });
  await expectAccessible(page, 'The Release tab before the CI event');
  assert.ok(!(await dev.innerText()).includes(version));
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    subscribed,
    new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error('The Release tab did not subscribe to signals')),
        30_000,
      );
    }),
  ]).finally(() => clearTimeout(timer));
  // Anything that reloads the page from here on would clear this mark.
  await page.evaluate(() => {
    (window as unknown as { notReloaded: boolean }).notReloaded = true;
  });

  const stamp = Date.now().toString(36);
  await postEvent(`live-ci-${stamp}-1`, {
    type: 'version.created',
    service: SERVICE,
    version,
    commitSha: randomBytes(20).toString('hex'),
    builtAt: new Date().toISOString(),
  });
  await postEvent(`live-ci-${stamp}-2`, {
    type: 'deployment.succeeded',
    service: SERVICE,
    stage: 'dev',
    version,
    externalId: `live-ci-${stamp}`,
    occurredAt: new Date().toISOString(),
  });

  await dev
    .getByText(version, { exact: true })
    .first()
    .waitFor({ timeout: 30_000 });
  assert.equal(
    await page.evaluate(
      () => (window as unknown as { notReloaded?: boolean }).notReloaded,
    ),
    true,
    'the page was not reloaded',
  );
  await expectAccessible(page, 'The Release tab after the CI event');
});
