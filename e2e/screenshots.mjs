// Screenshots of the main pages at phone (390 px) and desktop (1280 px) width, taken from a real
// `tricholog serve --demo` in Debian's chromium, into docs/screenshots/web/<page>-<width>.png.
// Run by scripts/screenshots.sh (after a build); not part of the test suite. Every page is also
// checked for console errors and horizontal overflow at phone width, so a broken page is not
// pictured silently.
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer } from './lib/server.mjs';
import { launchBrowser, newPage, PHONE, DESKTOP } from './lib/browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'docs', 'screenshots', 'web');
mkdirSync(out, { recursive: true });

const server = await startServer(['--demo']);

// The page of the demo post titled `title`, from the community list's links (null when absent).
async function communityPostUrl(page, title) {
  await page.goto(`${server.url}/community?sort=new`);
  for (let n = 1; n <= 5; n += 1) {
    const link = page.locator('.post-title a', { hasText: title });
    if (await link.count()) return new URL(await link.first().getAttribute('href'), server.url).href;
    const next = page.locator('a[rel="next"]');
    if (!(await next.count())) break;
    await Promise.all([page.waitForNavigation(), next.click()]);
  }
  return null;
}
const browser = await launchBrowser();
let failures = 0;
try {
  for (const [label, viewport] of [['390', PHONE], ['1280', DESKTOP]]) {
    const page = await newPage(browser, viewport);
    await page.goto(`${server.url}/signin`);
    await page.fill('#email', 'demo.patient@tricholog.example');
    await page.fill('#password', 'tricholog-demo');
    await Promise.all([page.waitForNavigation(), page.click('form[action="/signin"] button[type=submit]')]);
    await page.goto(`${server.url}/dashboard`);
    const base = page.url().replace(/\/dashboard$/, '');
    // The latest session's page, from the photo timeline's links.
    await page.goto(`${base}/photos`);
    const sessions = await page.$$eval('a[href*="/sessions/"]', (as) => as.map((a) => a.getAttribute('href'))
      .filter((h) => !h.endsWith('/new')));
    const pages = [
      ['dashboard', `${base}/dashboard`],
      ['session', sessions.length ? new URL(sessions[sessions.length - 1], server.url).href : null],
      ['wizard', `${base}/sessions/new`],
      ['photos', `${base}/photos`],
      ['trends', `${base}/trends`],
      ['schedule', `${base}/schedule`],
      ['profile', `${base}/profile`],
      ['data', `${base}/data`],
      // Research and community (issue 20); the study is the starter library's 2019 Dermatitis
      // case report, named by its starter key (the page redirects to the study's id).
      ['research', `${server.url}/research?q=Dupixent+alopecia`],
      ['study', `${server.url}/research/carnicle-2019-dupilumab-aa-reactivation`],
      ['community', `${server.url}/community?sort=hot`],
      ['community-post', await communityPostUrl(page, 'Dupilumab and alopecia areata: why the reports point both ways')],
      ['community-new', `${server.url}/community/new?study=carnicle-2019-dupilumab-aa-reactivation`],
    ];
    for (const [name, url] of pages) {
      if (!url) { console.error(`${name}: no link found`); failures++; continue; }
      page.problems.length = 0;
      const res = await page.goto(url);
      await page.waitForLoadState('networkidle');
      const status = res.status();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      const file = path.join(out, `${name}-${label}.png`);
      await page.screenshot({ path: file, fullPage: true });
      const problems = [...page.problems];
      if (status !== 200 || overflow > 0 || problems.length) {
        failures++;
        console.error(`${name} at ${label}: status ${status}, overflow ${overflow}px, ${problems.join('; ')}`);
      }
      console.log(`${path.relative(root, file)}  (${status})`);
    }
    await page.context().close();
  }
} finally {
  await browser.close();
  await server.stop();
}
process.exit(failures ? 1 : 0);
