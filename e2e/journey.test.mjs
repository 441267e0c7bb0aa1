// The patient's whole journey in a real browser, against a real `tricholog serve` on a fresh
// SQLite store: sign up; alopecia areata and a dupilumab course (off-label shown); the baseline
// with the five photos of one synthetic case; SALT and the masks on the session page; a mask
// corrected by drawing, and SALT changes; a follow-up with another case's photos; the trend
// chart gains a point and the photo timeline a column; the schedule's .ics; and a second
// patient who gets 404 on every page and API address of the first one's record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { serveForTests, submit, SCALP_VIEWS_DIR, VIEWS } from './lib/pages.mjs';
import { newPage, DESKTOP } from './lib/browser.mjs';

const CASES = SCALP_VIEWS_DIR;

const env = serveForTests();


async function signUp(page, name, email) {
  await page.goto(`${env.server.url}/signup`);
  await page.fill('#display_name', name);
  await page.fill('#email', email);
  await page.fill('#password', 'a long enough password');
  await submit(page, 'form[action="/signup"] button[type=submit]');
  const redirect = await page.request.get(`${env.server.url}/dashboard`, { maxRedirects: 0 });
  assert.equal(redirect.status(), 303);
  return redirect.headers().location.replace(/\/dashboard$/, '');  // "/patients/ID"
}

// Records a session with the five photos of `caseDir` and the AD form; returns the session's
// page path.
async function recordSession(page, base, caseDir, itch) {
  await page.goto(`${env.server.url}${base}/sessions/new`);
  await submit(page, '#start-session');
  for (const view of VIEWS) {
    await page.setInputFiles('#photo', path.join(CASES, caseDir, `${view}.jpg`));
    await page.locator('#verdict:not([data-level="pending"])').waitFor({ timeout: 120000 });
    await submit(page, '#next-step');
  }
  await page.fill('#itch_nrs', String(itch));
  await page.fill('#easi_head_neck_area', '2');
  await page.fill('#easi_head_neck_erythema', '1');
  await submit(page, '#save-answers');
  await submit(page, '#confirm-session');
  const link = page.locator('#recorded a');
  const href = await link.getAttribute('href');
  assert.match(href, new RegExp(`^${base}/sessions/[^/]+$`));
  return href;
}

async function saltOnPage(page) {
  return Number((await page.textContent('#salt-total strong')).replace('SALT', '').trim());
}

test('sign up, course, baseline, masks, correction, follow-up, trends, timeline, .ics, 404 for others', async () => {
  const page = await newPage(env.browser, DESKTOP);
  const base = await signUp(page, 'Jo Journey', 'jo@example.org');

  // Alopecia areata, then a dupilumab course for it: off-label.
  await page.goto(`${env.server.url}${base}/profile`);
  await page.selectOption('#condition-kind', 'alopecia_areata');
  await page.selectOption('#condition-subtype', 'patchy');
  await submit(page, '#conditions button[type=submit]');
  await page.goto(`${env.server.url}${base}/courses/new`);
  await page.check('#protocol-dupilumab');
  await page.selectOption('#course-condition_id', { label: 'Alopecia areata (patchy)' });
  await submit(page, 'form[action$="/courses/new"] button[type=submit]');
  assert.match(await page.textContent('.course'), /Off-label for this condition/);

  // The baseline: five photos of one case, analysed; SALT and the masks on the session page.
  const baseline = await recordSession(page, base, 'case000', 6);
  await page.goto(`${env.server.url}${baseline}`);
  const measured = await saltOnPage(page);
  assert.ok(measured >= 0 && measured <= 100, `SALT ${measured}`);
  await page.waitForSelector('#photo-top canvas.mask-layer[data-ready="true"]');
  const maskPixels = await page.locator('#photo-top canvas.mask-layer').evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n += 1;
    return n;
  });
  assert.ok(maskPixels > 1000, 'the masks are drawn over the top photo');

  // Correct the top view's loss mask by painting a band of loss, and save: SALT rises.
  await page.click('#photo-top button.edit-mask');
  const canvas = page.locator('#photo-top canvas.mask-edit');
  await canvas.waitFor();
  await page.fill('#photo-top .mask-editor input[type=range]', '12');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
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
  assert.ok(corrected > measured + 0.5, `SALT after the correction: ${measured} -> ${corrected}`);

  // A follow-up with another case's photos: the trend gains a point, the timeline a column.
  const followUp = await recordSession(page, base, 'case001', 3);
  assert.notEqual(followUp, baseline);
  const patientId = base.split('/')[2];
  const trends = await (await page.request.get(`${env.server.url}/api/v1/patients/${patientId}/trends`)).json();
  assert.equal(trends.sessions.length, 2);
  // Both sessions fall on today's date: find the baseline by its id.
  const first = trends.sessions.find((s) => baseline.endsWith(`/${s.id}`));
  assert.ok(first, 'the baseline is in the trends');
  assert.ok(Math.abs(first.salt - corrected) < 0.06, `trends SALT ${first.salt} vs corrected ${corrected}`);
  await page.goto(`${env.server.url}${base}/trends`);
  assert.equal(await page.locator('#chart-salt svg').count(), 1);
  assert.equal(await page.locator('#chart-salt table.chart-data tbody tr').count(), 2, 'two SALT points');
  await page.goto(`${env.server.url}${base}/photos`);
  assert.equal(await page.locator('table.photo-timeline tbody tr').first().locator('img').count(), 2);

  // The schedule as a calendar file.
  await page.goto(`${env.server.url}${base}/schedule`);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click(`a[href="${base}/schedule.ics"]`),
  ]);
  const ics = await readFile(await download.path(), 'utf8');
  assert.ok(ics.startsWith('BEGIN:VCALENDAR\r\n'));
  assert.ok(ics.split('BEGIN:VEVENT').length - 1 >= 10);
  assert.deepEqual(page.problems, []);

  // Another patient sees none of it: 404 on each page and API address of this record.
  const other = await newPage(env.browser, DESKTOP);
  await signUp(other, 'Max Other', 'max@example.org');
  const sessionId = baseline.split('/').pop();
  const sessionJson = await (await page.request.get(
    `${env.server.url}/api/v1/patients/${patientId}/sessions/${sessionId}`)).json();
  const photo = sessionJson.photos[0].sha256;
  assert.match(photo, /^[0-9a-f]{64}$/);
  const addresses = [
    `${base}/dashboard`, `${base}/profile`, `${base}/courses/new`, `${base}/sessions/new`,
    baseline, `${base}/photos`, `${base}/trends`, `${base}/schedule`, `${base}/schedule.ics`,
    `${base}/data`, `/api/v1/patients/${patientId}/dashboard`, `/api/v1/patients/${patientId}/trends`,
    `/api/v1/patients/${patientId}/sessions/${sessionId}`, `/api/v1/patients/${patientId}/export`,
    `/api/v1/patients/${patientId}/drafts`,
  ];
  addresses.push(`/api/v1/patients/${patientId}/photos/${photo}`,
    `/api/v1/patients/${patientId}/photos/${photo}/masks/loss`,
    `/api/v1/patients/${patientId}/photo-analyses/${photo}`);
  for (const address of addresses) {
    const res = await other.request.get(`${env.server.url}${address}`, { maxRedirects: 0 });
    assert.equal(res.status(), 404, `${address} answered ${res.status()} to another patient`);
  }
});
