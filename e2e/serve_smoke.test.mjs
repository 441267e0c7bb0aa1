// The server starts on a fresh store, serves its home page in a real browser with the security
// headers the product promises, and stops cleanly on SIGINT.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launchBrowser, newPage, PHONE } from './lib/browser.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('health answers with the schema version', async () => {
  const res = await fetch(`${server.url}/healthz`);
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.status, 'ok');
  assert.ok(Number.isInteger(body.schema_version) && body.schema_version > 0);
});

test('home page renders with security headers and no script errors', async () => {
  const page = await newPage(browser, PHONE);
  const res = await page.goto(`${server.url}/`);
  assert.equal(res.status(), 200);
  const h = res.headers();
  assert.match(h['content-security-policy'] ?? '', /default-src 'self'/);
  assert.doesNotMatch(h['content-security-policy'] ?? '', /unsafe-inline/);
  assert.equal(h['x-content-type-options'], 'nosniff');
  assert.ok(h['referrer-policy']);
  assert.match(await page.textContent('footer'), /does not diagnose or prescribe/);
  // Nothing wider than the phone: no horizontal scrolling at 390 px.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow} px wider than the phone`);
  assert.deepEqual(page.problems, []);
});

test('SIGINT stops the server with exit status 0', async () => {
  const { code, signal } = await server.stop();
  assert.equal(signal, null);
  assert.equal(code, 0, server.output());
});
