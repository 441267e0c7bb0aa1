// The session wizard in a real browser: sign up, start a session, upload the five photos of a
// synthetic case (each analysed with a quality verdict shown), fill the AD form (an error next
// to its field first, with what was typed kept), review and confirm; then the same wizard at
// phone width (390 px) with a bad upload answered in plain words, and no horizontal scrolling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { serveForTests, noOverflow, submit, SCALP_VIEWS_DIR, VIEWS } from './lib/pages.mjs';
import { newPage, PHONE, DESKTOP } from './lib/browser.mjs';

const CASES = SCALP_VIEWS_DIR;

const env = serveForTests();


async function signUp(page, email) {
  await page.goto(`${env.server.url}/signup`);
  await page.fill('#display_name', 'Sam Capture');
  await page.fill('#email', email);
  await page.fill('#password', 'a long enough password');
  await Promise.all([page.waitForNavigation(), page.click('form[action="/signup"] button[type=submit]')]);
  const redirect = await page.request.get(`${env.server.url}/dashboard`, { maxRedirects: 0 });
  assert.equal(redirect.status(), 303);
  const m = redirect.headers().location.match(/^\/patients\/([^/]+)\/dashboard$/);
  assert.ok(m, redirect.headers().location);
  return m[1];
}

// Starts a session from the new-session page; returns the draft's page path.
async function startSession(page, patientId) {
  await page.goto(`${env.server.url}/patients/${patientId}/sessions/new`);
  assert.match(await page.textContent('h1'), /New session/);
  await Promise.all([page.waitForNavigation(), page.click('#start-session')]);
  const url = new URL(page.url());
  assert.match(url.pathname, new RegExp(`^/patients/${patientId}/drafts/[^/]+$`));
  return url.pathname;
}

// On a view's step: uploads the case's photo and waits for its verdict.
async function uploadView(page, caseDir, view) {
  assert.equal(await page.getAttribute('.capture-view', 'data-view'), view);
  assert.ok(await page.getAttribute(`img[src="/static/img/view-${view}.svg"]`, 'alt'));
  assert.equal(await page.getAttribute('#photo', 'capture'), 'environment');
  await page.setInputFiles('#photo', path.join(CASES, caseDir, `${view}.jpg`));
  const verdict = page.locator('#verdict:not([data-level="pending"])');
  await verdict.waitFor({ timeout: 90000 });
  const level = await verdict.getAttribute('data-level');
  assert.ok(['good', 'usable', 'retake'].includes(level), level);
  assert.ok((await verdict.textContent()).trim().length > 10);
  assert.match(await page.textContent('label.capture-pick'), /Retake/);
  return level;
}

async function uploadAllViews(page, caseDir, check) {
  const levels = {};
  for (const view of VIEWS) {
    levels[view] = await uploadView(page, caseDir, view);
    if (check) await check(page);
    await Promise.all([page.waitForNavigation(), page.click('#next-step')]);
  }
  assert.ok(page.url().endsWith('?step=form'), page.url());
  return levels;
}

async function confirm(page, patientId) {
  assert.equal(await page.locator('.review-photos li').count(), 5);
  assert.equal(await page.locator('.review-photos [data-level="pending"]').count(), 0);
  await Promise.all([page.waitForNavigation(), page.click('#confirm-session')]);
  assert.match(new URL(page.url()).pathname, new RegExp(`^/patients/${patientId}/sessions/new$`));
  assert.match(await page.textContent('#recorded'), /recorded/);
  const drafts = await (await page.request.get(`${env.server.url}/api/v1/patients/${patientId}/drafts`)).json();
  assert.deepEqual(drafts.drafts, [], 'the confirmed draft is gone');
}

test('baseline: five photos with verdicts, the AD form, confirm (1280 px)', async () => {
  const page = await newPage(env.browser, DESKTOP);
  const patientId = await signUp(page, 'sam.desk@example.org');
  const draftPath = await startSession(page, patientId);
  const levels = await uploadAllViews(page, 'case000');

  // A value out of range: the error next to its field, what was typed kept.
  await page.fill('#itch_nrs', '3');
  await page.fill('#poem', '40');
  await page.fill('#easi_head_neck_area', '2');
  await page.fill('#easi_head_neck_erythema', '1');
  await page.fill('#ae_0_term', 'Conjunctivitis');
  await page.selectOption('#ae_0_grade', '1');
  await page.fill('#site_0_site', 'belly, left');
  await page.fill('#site_0_reaction', 'redness');
  await Promise.all([page.waitForNavigation(), page.click('#save-answers')]);
  assert.match(await page.textContent('#poem-error'), /allowed 0 to 28/);
  assert.equal(await page.inputValue('#poem'), '40');
  assert.equal(await page.inputValue('#ae_0_term'), 'Conjunctivitis');
  assert.equal(await page.inputValue('#itch_nrs'), '3');

  await page.fill('#poem', '12');
  // "Since your last session, has your hair changed?": asked once, in plain words.
  assert.match(await page.textContent('fieldset.hair-change legend'), /has your hair changed/);
  await page.check('#hair_change-less_hair');
  await Promise.all([page.waitForNavigation(), page.click('#save-answers')]);
  assert.ok(page.url().endsWith(`${draftPath}?step=review`), page.url());
  const answers = await page.textContent('.review-answers');
  assert.match(answers, /Hair since your last session\s*less hair/);
  assert.match(answers, /Conjunctivitis, grade 1/);
  assert.match(answers, /belly, left: redness/);
  await confirm(page, patientId);
  // The form answered with 400 once (the error above); nothing else went wrong.
  assert.deepEqual(page.problems.filter((p) => !/status of 400/.test(p)), []);
  console.log(`case000 verdicts: ${JSON.stringify(levels)}`);
});

test('the same wizard at phone width (390 px), a bad upload first', async () => {
  const page = await newPage(env.browser, PHONE);
  const patientId = await signUp(page, 'sam.phone@example.org');
  await startSession(page, patientId);
  await noOverflow(page);
  // The narrowest phones too.
  await page.setViewportSize({ width: 360, height: 740 });
  await noOverflow(page);
  await page.setViewportSize(PHONE);

  // Not a photo: answered on the page in plain words; nothing attached.
  const notPhoto = path.join(env.server.dir, 'notes.jpg');
  writeFileSync(notPhoto, 'these are my notes, not a photo');
  await page.setInputFiles('#photo', notPhoto);
  const error = page.locator('#photo-live-error:not([hidden])');
  await error.waitFor({ timeout: 30000 });
  assert.match(await error.textContent(), /not a photo Tricholog can read/);
  await noOverflow(page);

  await uploadAllViews(page, 'case001', noOverflow);
  await noOverflow(page);
  await page.fill('#itch_nrs', '5');
  await Promise.all([page.waitForNavigation(), page.click('#save-answers')]);
  await noOverflow(page);
  await confirm(page, patientId);
  await noOverflow(page);
  // The bad upload logged a 4xx for the fetch; nothing else went wrong.
  assert.deepEqual(page.problems.filter((p) => !/status of 415/.test(p)), []);
});
