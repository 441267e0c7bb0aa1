// The patient's views in a real browser on `serve --demo`: sign in as the demo patient, open a
// session, toggle the masks, paint on the loss mask and save, and see SALT change (then back to
// automatic); the trends page with its SVG charts and their text; the photo timeline grid and
// the before/after slider moved with the keyboard; the session page at phone width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launchBrowser, newPage, PHONE, DESKTOP } from './lib/browser.mjs';
import { signInDemoPatient } from './lib/pages.mjs';

let server;
let browser;
before(async () => {
  // The demo renders and analyses 55 photos on first start: give it time.
  server = await startServer(['--demo'], { timeoutMs: 480000 });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  if (server) {
    const { code } = await server.stop();
    assert.equal(code, 0, server.output());
  }
});

function signIn(page) {
  return signInDemoPatient(page, server.url);
}

// The patient id and the sessions, from the trends API as the signed-in page sees it.
async function demoRecord(page) {
  const dashboard = await page.request.get(`${server.url}/dashboard`, { maxRedirects: 0 });
  const patientId = dashboard.headers().location.split('/')[2];
  const trends = await (await page.request.get(`${server.url}/api/v1/patients/${patientId}/trends`)).json();
  return { patientId, trends };
}

async function saltOnPage(page) {
  const text = await page.textContent('#salt-total strong');
  return Number(text.replace('SALT', '').trim());
}

test('session page: masks, toggles, paint a correction, SALT changes, back to automatic', async () => {
  const page = await newPage(browser, DESKTOP);
  await signIn(page);
  const { patientId, trends } = await demoRecord(page);
  assert.ok(trends.sessions.length >= 5, 'the demo has sessions');
  const session = trends.sessions[0];
  await page.goto(`${server.url}/patients/${patientId}/sessions/${session.id}`);
  const before = await saltOnPage(page);
  assert.ok(Math.abs(before - session.salt) < 0.06, `page SALT ${before} vs API ${session.salt}`);

  // The masks are drawn: the top view's overlay has coloured pixels, and none with both toggles off.
  const layer = page.locator('#photo-top canvas.mask-layer');
  await page.waitForSelector('#photo-top canvas.mask-layer[data-ready="true"]');
  const painted = () => layer.evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n += 1;
    return n;
  });
  assert.ok(await painted() > 1000, 'masks drawn over the photo');
  await page.uncheck('#show-scalp');
  await page.uncheck('#show-loss');
  assert.equal(await painted(), 0, 'both masks hidden');
  await page.check('#show-loss');
  assert.ok(await painted() > 1000, 'loss mask shown again');

  // Paint a large area of the top photo as hair loss with the mouse, and save.
  await page.click('#photo-top button.edit-mask');
  const canvas = page.locator('#photo-top canvas.mask-edit');
  await canvas.waitFor();
  await page.fill('#photo-top .mask-editor input[type=range]', '12');
  const paintedPixels = () => canvas.evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 127) n += 1;
    return n;
  });
  const unpainted = await paintedPixels();
  await canvas.scrollIntoViewIfNeeded();
  let box = await canvas.boundingBox();
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.15);
  await page.mouse.down();
  for (let step = 0; step <= 10; step += 1) {
    await page.mouse.move(box.x + box.width * (0.2 + 0.06 * step), box.y + box.height * 0.2, { steps: 3 });
  }
  await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.5, { steps: 5 });
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.5, { steps: 5 });
  await page.mouse.up();
  assert.ok(await paintedPixels() > unpainted + 10000, 'the brush painted on the mask');
  // Undo takes the stroke back; paint it again.
  await page.click('#photo-top .mask-editor button:has-text("Undo")');
  assert.equal(await paintedPixels(), unpainted, 'undo restores the mask');
  // Clicking Undo may have scrolled the page: measure the canvas again.
  await canvas.scrollIntoViewIfNeeded();
  box = await canvas.boundingBox();
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.5, { steps: 10 });
  await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.3, { steps: 5 });
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.3, { steps: 10 });
  await page.mouse.up();
  const [saved] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'PUT', { timeout: 120000 }),
    page.waitForNavigation({ timeout: 120000 }),
    page.click('#photo-top button.save-mask'),
  ]);
  assert.equal(saved.status(), 200);
  const corrected = await saltOnPage(page);
  assert.ok(corrected > before + 0.5,
    `SALT rose after painting more loss: ${before} -> ${corrected} (${saved.request().postDataBuffer()?.length} bytes sent)`);
  assert.match(await page.textContent('#photo-top'), /your correction/);
  const after = await (await page.request.get(`${server.url}/api/v1/patients/${patientId}/trends`)).json();
  assert.ok(Math.abs(after.sessions[0].salt - corrected) < 0.06, 'the trends use the corrected SALT');

  // Back to automatic.
  await Promise.all([
    page.waitForNavigation({ timeout: 120000 }),
    page.click('#photo-top button.reset-mask'),
  ]);
  assert.ok(Math.abs(await saltOnPage(page) - before) < 0.06, 'automatic SALT restored');
  assert.deepEqual(page.problems, []);
});

test('trends page has the SVG charts with their text equivalents', async () => {
  const page = await newPage(browser, DESKTOP);
  await signIn(page);
  const { patientId } = await demoRecord(page);
  await page.goto(`${server.url}/patients/${patientId}/trends`);
  assert.equal(await page.locator('#chart-salt svg').count(), 1);
  assert.equal(await page.locator('#chart-easi svg').count(), 1);
  assert.equal(await page.locator('#chart-itch svg').count(), 1);
  assert.match(await page.textContent('#chart-salt figcaption'), /SALT/);
  assert.ok(await page.locator('#chart-salt table').count() >= 1, 'data table for screen readers');
  assert.equal(await page.getAttribute('nav a[aria-current="page"]', 'href'), `/patients/${patientId}/trends`);
  assert.deepEqual(page.problems, []);
});

test('photo timeline grid and the before/after slider', async () => {
  const page = await newPage(browser, DESKTOP);
  await signIn(page);
  const { patientId, trends } = await demoRecord(page);
  await page.goto(`${server.url}/patients/${patientId}/photos`);
  const rows = page.locator('table.photo-timeline tbody tr');
  assert.equal(await rows.count(), 5, 'five views');
  const topImages = rows.nth(0).locator('img');
  assert.equal(await topImages.count(), trends.sessions.length, 'one top photo per session');
  assert.match(await topImages.nth(0).getAttribute('alt'), /^Top view, /);
  // Every thumbnail of the first column loaded.
  await page.waitForFunction(() => [...document.querySelectorAll('table.photo-timeline img')]
    .slice(0, 5).every((img) => img.complete && img.naturalWidth > 0));

  // Compare the first and the last session, top view.
  await page.selectOption('#compare-view', 'top');
  await page.selectOption('#compare-from', trends.sessions[0].id);
  await page.selectOption('#compare-to', trends.sessions.at(-1).id);
  await Promise.all([page.waitForNavigation(), page.click('form.compare-form button[type=submit]')]);
  await page.waitForFunction(() => {
    const imgs = [...document.querySelectorAll('.compare-stack img')];
    return imgs.length === 2 && imgs.every((img) => img.complete && img.naturalWidth > 0);
  }, null, { timeout: 120000 });
  const sizes = await page.$$eval('.compare-stack img', (imgs) => imgs.map((i) => [i.naturalWidth, i.naturalHeight]));
  assert.deepEqual(sizes[0], sizes[1], 'before and after line up');
  // The keyboard moves the divider.
  const clip = () => page.$eval('#compare-before', (img) => img.style.clipPath);
  assert.equal(await clip(), 'inset(0px 50% 0px 0px)');
  await page.focus('#compare-position');
  await page.keyboard.press('End');
  assert.equal(await clip(), 'inset(0px 0% 0px 0px)');
  await page.keyboard.press('Home');
  assert.equal(await clip(), 'inset(0px 100% 0px 0px)');
  assert.deepEqual(page.problems, []);
});

test('session page at phone width: no sideways scroll, editor usable by touch', async () => {
  const context = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await signIn(page);
  const { patientId, trends } = await demoRecord(page);
  await page.goto(`${server.url}/patients/${patientId}/sessions/${trends.sessions.at(-1).id}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `session page is ${overflow} px wider than the phone`);
  await page.click('#photo-top button.edit-mask');
  const canvas = page.locator('#photo-top canvas.mask-edit');
  await canvas.waitFor();
  assert.equal(await canvas.evaluate((c) => getComputedStyle(c).touchAction), 'none');
  await context.close();
});

test('dashboard at phone width: download the physician report as a PDF, on US Letter', async () => {
  const page = await newPage(browser, PHONE);
  await signIn(page);
  const { patientId } = await demoRecord(page);
  await page.goto(`${server.url}/patients/${patientId}/dashboard`);
  const button = page.getByRole('button', { name: 'Download the report (PDF)' });
  await button.scrollIntoViewIfNeeded();
  const box = await button.boundingBox();
  assert.ok(box.height >= 44, `the button is a large target (${box.height} px)`);
  await page.selectOption('#report-paper', 'letter');
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  assert.match(download.suggestedFilename(), /^tricholog-report-\d{4}-\d{2}-\d{2}\.pdf$/);
  const path = await download.path();
  const { readFile } = await import('node:fs/promises');
  const bytes = await readFile(path);
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.ok(bytes.length > 500000, `a report with the demo's photos (${bytes.length} bytes)`);
  assert.ok(bytes.includes(Buffer.from('/MediaBox [ 0 0 612 792 ]')), 'US Letter pages');
  assert.deepEqual(page.problems, []);
});
