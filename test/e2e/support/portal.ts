import { spawn, ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { TestContext } from 'node:test';
import { launchChromium } from '../../support/browser.mts';
import type { Browser, Page } from 'playwright-core';

export const frontendUrl =
  process.env.E2E_FRONTEND_URL ?? 'http://localhost:3000';
export const backendUrl =
  process.env.E2E_BACKEND_URL ?? 'http://localhost:7007';
export const outputDir = join(import.meta.dirname, '..', 'output');

/** Chromium for the browser tests; screenshots go to test/e2e/output. */
export const launchBrowser = (): Promise<Browser> => launchChromium(outputDir);

const repoRoot = join(import.meta.dirname, '..', '..', '..');

async function isUp(url: string): Promise<boolean> {
  try {
    const response = await fetch(url);
    return response.ok;
  } catch {
    return false;
  }
}

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await isUp(url)) return;
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/**
 * Starts the demo portal (`yarn start`) unless one is already running, and
 * returns a function that stops what was started.
 */
export async function startPortal(): Promise<() => Promise<void>> {
  const readiness = `${backendUrl}/.backstage/health/v1/readiness`;
  let child: ChildProcess | undefined;
  if (!(await isUp(readiness)) || !(await isUp(frontendUrl))) {
    child = spawn(
      process.execPath,
      [join(repoRoot, '.yarn/releases/yarn-4.13.0.cjs'), 'start'],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'inherit', 'inherit'],
        detached: true,
      },
    );
  }
  await waitFor(readiness, 180_000);
  await waitFor(frontendUrl, 300_000);
  return async () => {
    if (child?.pid) {
      process.kill(-child.pid, 'SIGTERM');
    }
  };
}

/** Opens the portal and enters as guest. */
export async function signInAsGuest(page: Page): Promise<void> {
  await page.goto(frontendUrl);
  await page.getByRole('button', { name: 'Sign in as Guest' }).click();
  const enter = page.getByRole('button', { name: 'Enter' });
  await enter.click();
  // The sign-in page shows at any path; it is gone once the session exists.
  await enter.waitFor({ state: 'detached', timeout: 60_000 });
}

/** Opens the portal and signs in as a person of the demo organisation. */
export async function signInAs(page: Page, title: string): Promise<void> {
  await page.goto(frontendUrl);
  const choose = page.getByRole('button', { name: `Sign in as ${title}` });
  await choose.click();
  await choose.waitFor({ state: 'detached', timeout: 60_000 });
}

/** Waits until the catalog has ingested an entity, e.g. after a cold start. */
export async function waitForEntity(
  token: string,
  kind: string,
  name: string,
): Promise<void> {
  const url = `${backendUrl}/api/catalog/entities/by-name/${kind}/default/${name}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const response = await fetch(url, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (response.ok) return;
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  throw new Error(`The catalog did not ingest ${kind}:default/${name}`);
}

/** A person's token (demo sign-in), for calling the backend API directly. */
export async function personToken(name: string): Promise<string> {
  // On a cold start the catalog may not hold the person yet: wait for it.
  const deadline = Date.now() + 120_000;
  for (;;) {
    const response = await fetch(`${backendUrl}/api/auth/demo-users/refresh`, {
      headers: { 'X-Requested-With': 'XMLHttpRequest', 'x-demo-user': name },
    });
    if (response.ok) {
      const body = (await response.json()) as {
        backstageIdentity: { token: string };
      };
      return body.backstageIdentity.token;
    }
    if (Date.now() > deadline) {
      throw new Error(`Cannot sign in as ${name}: ${response.status}`);
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}

/** A guest token for calling the backend API directly. */
export async function guestToken(): Promise<string> {
  const response = await fetch(`${backendUrl}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  const body = (await response.json()) as {
    backstageIdentity: { token: string };
  };
  return body.backstageIdentity.token;
}

/**
 * Starts the portal (unless it runs already) and a browser before the
 * file's tests, and stops both after them. The browser is there once the
 * tests run.
 */
export function usePortalAndBrowser(): {
  browser: () => Browser;
  /** A page for one test; its screenshot is kept, pass or fail. */
  newPage: (
    t: TestContext,
    screenshot: string,
    height?: number,
  ) => Promise<Page>;
} {
  let stopPortal: (() => Promise<void>) | undefined;
  let browser: Browser | undefined;
  before(async () => {
    stopPortal = await startPortal();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await stopPortal?.();
  });
  return {
    browser: () => browser!,
    newPage: async (t, screenshot, height = 1000) => {
      const page = await browser!.newPage({
        viewport: { width: 1400, height },
      });
      t.after(async () => {
        await page.screenshot({
          path: join(outputDir, screenshot),
          fullPage: true,
        });
        await page.close();
      });
      return page;
    },
  };
}
