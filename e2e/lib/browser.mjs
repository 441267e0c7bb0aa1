// Debian's chromium, driven by playwright-core (no downloaded browser). The flags keep it off
// the network this machine does not have (background networking, component updates, sync).
// playwright gives each launch a fresh temporary profile of its own.
import { chromium } from 'playwright-core';

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

// Playwright makes (and removes) a temporary profile itself; it refuses --user-data-dir here.
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A page that records console errors and failed requests, so a test can assert there were none.
export async function newPage(browser, viewport = DESKTOP) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  // A request the browser itself abandons because the page navigated away (net::ERR_ABORTED)
  // is not a failure of the server.
  page.on('requestfailed', (r) => {
    const why = r.failure()?.errorText ?? '';
    if (!why.includes('ERR_ABORTED')) page.problems.push(`request failed: ${r.url()} ${why}`);
  });
  return page;
}
