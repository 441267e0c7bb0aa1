// What the browser tests share: a server and a browser per test file (stopped after it, with the
// server's clean exit checked), the synthetic scalp photos, and small page helpers.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './server.mjs';
import { launchBrowser } from './browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// The five-view photo cases with ground truth (../shared/data; $TRICHOLOG_SCALP_VIEWS overrides).
export const SCALP_VIEWS_DIR = process.env.TRICHOLOG_SCALP_VIEWS ||
  path.resolve(root, '..', 'shared', 'data', 'synthetic', 'scalp-views');
export const VIEWS = ['top', 'front', 'back', 'left', 'right'];

// Registers before/after hooks that start `tricholog serve` (startServer's args and options) and
// a browser, and stop both; the returned object holds { server, browser } once started.
export function serveForTests(args = [], options = {}) {
  const env = {};
  before(async () => {
    env.server = await startServer(args, options);
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    if (env.server) {
      const { code } = await env.server.stop();
      assert.equal(code, 0, env.server.output());
    }
  });
  return env;
}

// Fails when the page scrolls sideways (wider than its window).
export async function noOverflow(page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${page.url()} is ${overflow} px wider than the window`);
}

// Clicks `selector` and waits for the page it leads to.
export async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

// Signs the demo patient in on a server started with --demo.
export async function signInDemoPatient(page, url) {
  await page.goto(`${url}/signin`);
  await page.fill('#email', 'demo.patient@tricholog.example');
  await page.fill('#password', 'tricholog-demo');
  await Promise.all([page.waitForNavigation(), page.click('form[action="/signin"] button[type=submit]')]);
}
