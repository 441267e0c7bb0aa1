// "To confirm" in a real browser on `serve --demo` (docs/assessment.md, "Confirmed change"): the
// latest session's top view is made to jump alone (a loss mask painted all white, then set back
// to automatic through the API), the dashboard lists the photo to confirm and links to the
// session, the session page marks the view and its SALT as unconfirmed, and "This top photo is
// right" confirms it; at phone width nothing overflows. Then the same jump is confirmed by taking
// the photo again from the session page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launchBrowser, newPage, PHONE, DESKTOP } from './lib/browser.mjs';
import path from 'node:path';
import { noOverflow, signInDemoPatient, SCALP_VIEWS_DIR } from './lib/pages.mjs';

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

// In the page: paints the session's top-view loss mask all white (100 % loss), then sets the
// view back to "automatic", so that its jump is the engine's and no one has confirmed it.
// Returns the statuses and the session's SALT.
function makeTopJump(page, patientId, sessionId) {
  return page.evaluate(async ({ patientId, sessionId }) => {
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
    return { put: put.status, back: back.status, salt: (await back.json()).salt, sha: top.sha256 };
  }, { patientId, sessionId });
}

async function latestSession(page) {
  const dashboard = await page.request.get(`${server.url}/dashboard`, { maxRedirects: 0 });
  const patientId = dashboard.headers().location.split('/')[2];
  const trends = await (await page.request.get(`${server.url}/api/v1/patients/${patientId}/trends`)).json();
  const latest = trends.sessions[trends.sessions.length - 1];
  return { patientId, sessionId: latest.id, sessionUrl: `/patients/${patientId}/sessions/${latest.id}` };
}

test('a lone view jump is to confirm until the patient says the photo is right', async () => {
  const page = await newPage(browser, DESKTOP);
  await signIn(page);
  const { patientId, sessionId, sessionUrl } = await latestSession(page);
  const latest = { id: sessionId };
  await page.goto(`${server.url}${sessionUrl}`);

  const status = await makeTopJump(page, patientId, latest.id);
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

test('a view to confirm is confirmed by taking the photo again from the session page', async () => {
  const page = await newPage(browser, DESKTOP);
  await signIn(page);
  const { patientId, sessionId, sessionUrl } = await latestSession(page);
  await page.goto(`${server.url}${sessionUrl}`);
  const status = await makeTopJump(page, patientId, sessionId);
  assert.equal(status.put, 200);
  assert.equal(status.back, 200);
  assert.ok(status.salt.to_confirm.includes('top'), JSON.stringify(status.salt));
  await page.goto(`${server.url}${sessionUrl}`);
  assert.ok(await page.isVisible('#to-confirm-top'));

  // The to-confirm box links to the top photo, whose retake form is open.
  await Promise.all([page.waitForURL(/#photo-top$/), page.click('#confirm-top a[href="#photo-top"]')]);
  assert.ok(await page.isVisible('#retake-top'));
  assert.equal(await page.getAttribute('#retake-top', 'capture'), 'environment');
  await page.setInputFiles('#retake-top', path.join(SCALP_VIEWS_DIR, 'case000', 'top.jpg'));
  await Promise.all([
    page.waitForNavigation({ timeout: 120000 }),
    page.click('#photo-top form.retake-view button[type=submit]'),
  ]);
  assert.match(page.url(), /\?retaken=top$/);
  assert.match(await page.textContent('#retaken-notice'), /now uses your new photo/);
  assert.equal(await page.locator('#to-confirm-top').count(), 0);
  const after = await (await page.request.get(`${server.url}/api/v1${sessionUrl}`)).json();
  const top = after.salt.regions.find((r) => r.region === 'top');
  assert.equal(top.confirmation, 'retaken', JSON.stringify(after.salt));
  assert.ok(!after.salt.to_confirm.includes('top'), JSON.stringify(after.salt));
  assert.notEqual(after.photos.find((p) => p.view === 'top').sha256, status.sha);
  assert.match(await page.textContent('table.salt-regions'), /Photo retaken/);
  // The old photo is kept.
  const old = await page.request.get(`${server.url}/api/v1/patients/${patientId}/photos/${status.sha}`);
  assert.equal(old.status(), 200);

  // At phone width the page with its retake forms fits.
  const phone = await newPage(browser, PHONE);
  await signIn(phone);
  await phone.goto(`${server.url}${sessionUrl}`);
  await noOverflow(phone);
  await phone.close();
  await page.close();
});
