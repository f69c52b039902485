import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { expectAccessible } from '../support/a11y.mts';
import { launchBrowser } from './support/portal.ts';

// The check every browser test runs, on pages of its own: it must fail on
// what a person would stumble over, and say what to fix and where.
let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('the accessibility check fails on serious violations, naming the rule and the element', async () => {
  const page = await browser.newPage();
  await page.setContent(`<!doctype html><html lang="en"><head><title>t</title></head>
    <body><main>
      <button id="save"><svg width="10" height="10"></svg></button>
      <p style="color:#aaa;background:#fff">Pale text</p>
    </main></body></html>`);
  await assert.rejects(expectAccessible(page, 'A page'), (error: Error) => {
    assert.match(error.message, /^A page \(about:blank\) has accessibility/);
    assert.match(error.message, /button-name \(critical\)/);
    assert.match(error.message, /#save/);
    assert.match(error.message, /color-contrast \(serious\)/);
    return true;
  });
  await page.close();
});

test('the accessibility check passes a page without serious violations', async () => {
  const page = await browser.newPage();
  await page.setContent(`<!doctype html><html lang="en"><head><title>t</title></head>
    <body><main><h1>Fine</h1><button>Save</button></main></body></html>`);
  await expectAccessible(page, 'A page');
  await page.close();
});
