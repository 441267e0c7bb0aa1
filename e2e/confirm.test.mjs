// "To confirm" in a real browser on `serve --demo` (docs/assessment.md, "Confirmed change"): the
// latest session's top view is made to jump alone (a loss mask painted all white, then set back
// to automatic through the API), the dashboard lists the photo to confirm and links to the
// session, the session page marks the view and its SALT as unconfirmed, and "This top photo is
// right" confirms it; at phone width nothing overflows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launchBrowser, newPage, PHONE, DESKTOP } from './lib/browser.mjs';
import { noOverflow, signInDemoPatient } from './lib/pages.mjs';

let server;
let browser;
before(async () => {
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

test('a lone view jump is to confirm until the patient says the photo is right', async () => {
  const page = await newPage(browser, DESKTOP);
  await signIn(page);
  const dashboard = await page.request.get(`${server.url}/dashboard`, { maxRedirects: 0 });
  const patientId = dashboard.headers().location.split('/')[2];
  const trends = await (await page.request.get(`${server.url}/api/v1/patients/${patientId}/trends`)).json();
  const latest = trends.sessions[trends.sessions.length - 1];
  const sessionUrl = `/patients/${patientId}/sessions/${latest.id}`;
  await page.goto(`${server.url}${sessionUrl}`);

  // In the page: paint the top view's loss mask all white (100 % loss), then set the view back
  // to "automatic", so that its jump is the engine's and no one has confirmed it.
  const status = await page.evaluate(async ({ patientId, sessionId }) => {
    const csrf = document.querySelector('#csrf').value;
    const api = `/api/v1/patients/${patientId}/sessions/${sessionId}`;
    const session = await (await fetch(api)).json();
    const top = session.photos.find((p) => p.view === 'top');
    const { width, height } = top.analysis.result;
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    const png = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
    const put = await fetch(`/api/v1/patients/${patientId}/photos/${top.sha256}/masks/loss`,
      { method: 'PUT', headers: { 'X-CSRF-Token': csrf, 'Content-Type': 'image/png' }, body: png });
    const back = await fetch(`${api}/views/top/confirmation`, {
      method: 'PUT',
      headers: { 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
      body: JSON.stringify({ confirmation: 'automatic' }),
    });
    return { put: put.status, back: back.status, salt: (await back.json()).salt };
  }, { patientId, sessionId: latest.id });
  assert.equal(status.put, 200);
  assert.equal(status.back, 200);
  assert.equal(status.salt.status, 'unconfirmed', JSON.stringify(status.salt));
  assert.ok(status.salt.to_confirm.includes('top'));

  // The dashboard lists it and links to the session's mark.
  await page.goto(`${server.url}/patients/${patientId}/dashboard`);
  const link = page.locator(`.to-confirm-list a[href="${sessionUrl}#to-confirm-top"]`);
  assert.equal(await link.count(), 1);
  await Promise.all([page.waitForNavigation(), link.click()]);
  assert.ok(await page.isVisible('#to-confirm-top'));
  assert.ok(await page.isVisible('#salt-unconfirmed'));
  assert.ok(await page.isVisible('#confirm-top form.confirm-view'));

  // At phone width the marked table and its button fit.
  const phone = await newPage(browser, PHONE);
  await signIn(phone);
  await phone.goto(`${server.url}${sessionUrl}`);
  assert.ok(await phone.isVisible('#to-confirm-top'));
  await noOverflow(phone);
  await phone.close();

  // "This top photo is right": saved, the mark and the notice are gone, the check says so.
  await Promise.all([page.waitForNavigation(), page.click('#confirm-top form.confirm-view button[type=submit]')]);
  assert.match(page.url(), /\?confirmed=top$/);
  assert.match(await page.textContent('body'), /the top photo is marked as right/);
  const after = await (await page.request.get(`${server.url}/api/v1${sessionUrl}`)).json();
  assert.equal(await page.locator('#to-confirm-top').count(), 0, JSON.stringify(after.salt));
  // Other views may still be to confirm (the demo's own figures can move one view alone).
  assert.ok(!after.salt.to_confirm.includes('top'), JSON.stringify(after.salt));
  assert.equal(after.salt.regions.find((r) => r.region === 'top').check_status, 'confirmed_by_user');
  assert.match(await page.textContent('table.salt-regions'), /Checked: the photo is right/);
  await page.close();
});
