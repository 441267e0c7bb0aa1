// Onboarding in a real browser at phone width: sign up, the dashboard says where to start, the
// profile with a birth year out of range (the error next to the field, the input kept), then
// alopecia areata and atopic dermatitis, a dupilumab course for alopecia areata (off-label shown
// before and after starting it), the dashboard with the course, and the schedule's .ics download.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serveForTests, noOverflow, submit } from './lib/pages.mjs';
import { newPage, PHONE } from './lib/browser.mjs';

const env = serveForTests();



test('sign up, profile with AA and AD, dupilumab course (off-label), dashboard, .ics (390 px)', async () => {
  const page = await newPage(env.browser, PHONE);

  await page.goto(`${env.server.url}/signup`);
  await page.fill('#display_name', 'Sam Onboard');
  await page.fill('#email', 'sam@example.org');
  await page.fill('#password', 'a good password');
  await submit(page, 'form[action="/signup"] button[type=submit]');
  await page.goto(`${env.server.url}/dashboard`);
  const dashboard = new URL(page.url()).pathname;
  assert.match(dashboard, /^\/patients\/[^/]+\/dashboard$/);
  const base = dashboard.replace(/\/dashboard$/, '');
  assert.match(await page.textContent('#start-here-title'), /Start here/);
  await noOverflow(page);

  // Profile: a birth year out of range comes back next to the field, with the name kept.
  await submit(page, `.start-here a[href="${base}/profile"]`);
  await page.fill('#profile-display_name', 'Sam O.');
  await page.fill('#profile-birth_year', '1800');
  await submit(page, '#about button[type=submit]');
  assert.match(await page.textContent('#profile-birth_year-error'), /1800 is out of range/);
  assert.equal(await page.inputValue('#profile-display_name'), 'Sam O.');
  assert.equal(await page.inputValue('#profile-birth_year'), '1800');
  await page.fill('#profile-birth_year', '1990');
  await submit(page, '#about button[type=submit]');
  assert.match(await page.textContent('.notice[role=status]'), /saved/);
  assert.equal(await page.inputValue('#profile-birth_year'), '1990');

  // Conditions: alopecia areata (patchy) and atopic dermatitis.
  await page.selectOption('#condition-kind', 'alopecia_areata');
  await page.selectOption('#condition-subtype', 'patchy');
  await page.fill('#condition-onset', '2023-09-01');
  await submit(page, '#conditions button[type=submit]');
  await page.selectOption('#condition-kind', 'atopic_dermatitis');
  await page.selectOption('#condition-subtype', '');
  await submit(page, '#conditions button[type=submit]');
  const conditions = await page.textContent('.condition-list');
  assert.match(conditions, /Alopecia areata/);
  assert.match(conditions, /Atopic dermatitis/);
  await noOverflow(page);

  // A dupilumab course for alopecia areata: off-label, shown before and after.
  await submit(page, `#courses a[href="${base}/courses/new"]`);
  const dupilumab = page.locator('label[for="protocol-dupilumab"]');
  assert.match(await dupilumab.textContent(), /Off-label for your Alopecia areata/);
  await page.check('#protocol-dupilumab');
  await page.selectOption('#course-condition_id', { label: 'Alopecia areata (patchy)' });
  await noOverflow(page);
  await submit(page, 'form[action$="/courses/new"] button[type=submit]');
  assert.equal(new URL(page.url()).pathname, dashboard);
  assert.match(await page.textContent('.course'), /Off-label for this condition/);
  assert.match(await page.textContent('.course'), /Week 0/);
  assert.match(await page.textContent('.next'), /Week 0/);
  assert.match(await page.textContent('main'), /does not diagnose or prescribe/);
  assert.equal(await page.locator('#start-here-title').count(), 0);
  await noOverflow(page);

  // The schedule and its calendar file.
  await page.goto(`${env.server.url}${base}/schedule`);
  assert.ok(await page.locator('.schedule-table tbody tr').count() >= 10);
  await noOverflow(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click(`a[href="${base}/schedule.ics"]`),
  ]);
  assert.equal(download.suggestedFilename(), 'tricholog-schedule.ics');
  const ics = await readFile(await download.path(), 'utf8');
  assert.ok(ics.startsWith('BEGIN:VCALENDAR\r\n'), ics.slice(0, 80));
  assert.ok(ics.trimEnd().endsWith('END:VCALENDAR'));
  const events = ics.split('BEGIN:VEVENT').length - 1;
  assert.equal(events, await page.locator('.schedule-table tbody tr').count());

  // The one 400 is the refused birth year above (the form comes back with status 400).
  const refused = page.problems.filter((p) => p.includes('status of 400'));
  assert.equal(refused.length, 1, page.problems.join('\n'));
  assert.deepEqual(page.problems.filter((p) => !p.includes('status of 400')), []);
});
