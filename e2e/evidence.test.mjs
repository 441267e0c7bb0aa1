// The evidence library and the community in a real browser at phone width (390 px), on
// `serve --demo` (the starter library and the demo posts): search "Dupixent alopecia", open the
// 2019 Dermatitis case report of alopecia areata reactivated on dupilumab, follow "Discuss this
// study", write a post, and see it under "Related community posts" on the study page; the
// deliberately off-topic popular demo posts (finasteride, beards, ...) never appear there;
// upvote the post (in place) and see the vote kept after a reload. No page scrolls sideways, and
// no page logs an error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serveForTests, noOverflow, submit, signInDemoPatient } from './lib/pages.mjs';
import { newPage, PHONE } from './lib/browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The test reads the demo's own documentation of which posts are off-topic (the product never
// does: the related-posts ranking must keep them out on relevance alone).
const demo = JSON.parse(readFileSync(path.join(root, 'data', 'evidence', 'demo-posts.json'), 'utf8'));
const OFF_TOPIC = demo.posts.filter((p) => p.off_topic).map((p) => p.title);
const STUDY_TITLE = 'Reactivation of Alopecia Areata After Dupilumab Therapy for Atopic Dermatitis';

// The demo renders and analyses its photos on first start: give it time.
const env = serveForTests(['--demo'], { timeoutMs: 480000 });

async function relatedPostTitles(page) {
  return page.$$eval('#related-posts .post-title', (els) => els.map((e) => e.textContent.trim()));
}

function assertNoOffTopic(titles, where) {
  assert.ok(OFF_TOPIC.length >= 3, 'the demo documents its off-topic posts');
  for (const offTopic of OFF_TOPIC) {
    assert.ok(!titles.includes(offTopic), `${where}: off-topic post "${offTopic}" is listed`);
  }
}

test('search, study page, discuss, post, related posts without off-topic ones, vote (390 px)', async () => {
  const page = await newPage(env.browser, PHONE);
  await signInDemoPatient(page, env.server.url);

  // Search from the navigation.
  await page.goto(`${env.server.url}/`);
  await Promise.all([page.waitForNavigation(), page.click('nav a[href="/research"]')]);
  await page.fill('#research-q', 'Dupixent alopecia');
  await submit(page, 'form.search-form button[type=submit]');
  await noOverflow(page);
  assert.match(await page.textContent('.result-count'), /^\d+ results?$/);
  assert.ok(await page.locator('.hit-list mark').count() > 0, 'the matches are highlighted');
  assert.match(await page.textContent('.research-search .notice'), /does not diagnose/);
  const hit = page.locator('.hit-title a', { hasText: STUDY_TITLE });
  assert.equal(await hit.count(), 1, 'the 2019 Dermatitis case report is found');

  // The study page.
  await Promise.all([page.waitForNavigation(), hit.click()]);
  await noOverflow(page);
  assert.equal((await page.textContent('h1')).trim(), STUDY_TITLE);
  assert.match(await page.textContent('.study-meta'), /August 2019 in Dermatitis/);
  assert.match(await page.textContent('.authors'), /Carnicle/);
  assert.ok((await page.textContent('.tldr')).trim().length > 10, 'a TLDR');
  for (const heading of ['#cited-title', '#related-posts-title', '#related-research-title']) {
    assert.match(await page.textContent(heading), /\(\d+ \/ \d+ results\)/, heading);
  }
  const studyUrl = page.url();
  const before = await relatedPostTitles(page);
  assertNoOffTopic(before, 'before posting');

  // Discuss this study: the editor knows which study, the post is linked to it.
  await Promise.all([page.waitForNavigation(), page.click('a:has-text("Discuss this study in the community")')]);
  // The editor offers the patient's own session photos as thumbnails: let them load (made once
  // per photo on the worker pool) so that the post's POST does not queue behind them.
  await page.waitForLoadState('networkidle', { timeout: 180000 });
  await noOverflow(page);
  assert.match(await page.textContent('.discussing'), new RegExp(`Discussing: ${STUDY_TITLE}`));
  const title = `My patches came back on Dupixent (e2e ${Date.now()})`;
  await page.selectOption('#post-category', 'research');
  await page.fill('#post-title', title);
  await page.fill('#post-body', 'Four months into dupilumab for eczema, two old alopecia areata patches returned.\n\nHas anyone seen this settle?');
  await submit(page, 'form.post-form button[type=submit]');
  assert.match(new URL(page.url()).pathname, /^\/community\/posts\/[0-9a-f-]+$/);
  await noOverflow(page);
  assert.equal((await page.textContent('h1')).trim(), title);
  assert.match(await page.textContent('.linked-studies'), /Discussed from its page/);

  // Vote in place (community.js), then see it kept after a reload.
  const button = page.locator('form.vote-form button');
  assert.equal(await button.getAttribute('aria-pressed'), 'false');
  const votesBefore = Number(await page.textContent('form.vote-form .upvotes'));
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/vote') && r.status() === 200),
    button.click(),
  ]);
  await page.waitForFunction(() => document.querySelector('form.vote-form button').getAttribute('aria-pressed') === 'true');
  assert.equal(Number(await page.textContent('form.vote-form .upvotes')), votesBefore + 1);
  await page.reload();
  assert.equal(await page.locator('form.vote-form button').getAttribute('aria-pressed'), 'true');
  assert.equal(Number(await page.textContent('form.vote-form .upvotes')), votesBefore + 1);

  // Back on the study page: the new post is a related post; the off-topic ones are not.
  await page.goto(studyUrl);
  await noOverflow(page);
  const after = await relatedPostTitles(page);
  assert.ok(after.includes(title), `the new post is under Related community posts: ${after.join(' | ')}`);
  assertNoOffTopic(after, 'after posting');
  const row = page.locator('#related-posts .post-row', { hasText: title });
  assert.match(await row.textContent(), /in\s+Research/);
  assert.match(await row.textContent(), /just now|minute/);
  assert.match(await row.textContent(), /Links this study/);

  // Every target on these pages is at least 44 px tall where it is a button.
  const small = await page.$$eval('main .button, main button', (els) => els
    .filter((e) => e.offsetParent !== null && e.getBoundingClientRect().height < 43.5)
    .map((e) => e.textContent.trim()));
  assert.deepEqual(small, [], 'buttons under 44 px');
  assert.deepEqual(page.problems, []);
});

test('signed out, a study page is readable and the community is not (390 px)', async () => {
  const page = await newPage(env.browser, PHONE);
  await page.goto(`${env.server.url}/research?q=baricitinib`);
  await noOverflow(page);
  const first = page.locator('.hit-title a').first();
  await Promise.all([page.waitForNavigation(), first.click()]);
  assert.match(await page.textContent('#related-posts'), /Community posts are for members/);
  await page.goto(`${env.server.url}/community`);
  assert.equal(new URL(page.url()).pathname, '/signin');
  assert.deepEqual(page.problems, []);
});
