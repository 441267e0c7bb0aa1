// Accounts in a real browser at phone width: sign up, see "Signed in as", sign out, a wrong
// password (the error next to the field, the email kept), the right one, then change password
// and sign in with the new one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveForTests, noOverflow } from './lib/pages.mjs';
import { newPage, PHONE } from './lib/browser.mjs';

const env = serveForTests();

const EMAIL = 'robin@example.org';
const FIRST = 'first good password';
const SECOND = 'second good password';


async function signIn(page, password) {
  await page.fill('#email', EMAIL);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/signin"] button[type=submit]')]);
}

test('sign up, sign out, wrong then right password, change password (390 px)', async () => {
  const page = await newPage(env.browser, PHONE);

  // Sign up from the home page's navigation.
  await page.goto(`${env.server.url}/`);
  await Promise.all([page.waitForNavigation(), page.click('nav a[href="/signup"]')]);
  await noOverflow(page);
  await page.fill('#display_name', 'Robin <Tester>');
  await page.fill('#email', EMAIL);
  await page.fill('#birth_year', '1990');
  await page.fill('#password', FIRST);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/signup"] button[type=submit]')]);
  assert.equal(new URL(page.url()).pathname, '/');
  assert.match(await page.textContent('.signed-in-as'), /Signed in as\s+Robin <Tester>/);
  const cookie = (await page.context().cookies()).find((c) => c.name === 'tricholog_session');
  assert.ok(cookie, 'session cookie set');
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Lax');
  assert.equal(await page.evaluate(() => document.cookie), '', 'the cookie is not readable by script');
  await noOverflow(page);

  // Sign out.
  await Promise.all([page.waitForNavigation(), page.click('form[action="/signout"] button')]);
  assert.equal(await page.locator('.signed-in-as').count(), 0);

  // A signed-in page sends us to sign in and back.
  await page.goto(`${env.server.url}/account/password`);
  assert.equal(new URL(page.url()).pathname, '/signin');

  // Wrong password: the error next to the field, the email kept, the password not.
  await signIn(page, 'not my password');
  const error = page.locator('#email-error');
  assert.match(await error.textContent(), /wrong email or password/);
  assert.equal(await page.inputValue('#email'), EMAIL);
  assert.equal(await page.inputValue('#password'), '');
  await noOverflow(page);

  // The right one goes back to the page asked for.
  await signIn(page, FIRST);
  assert.equal(new URL(page.url()).pathname, '/account/password');
  assert.match(await page.textContent('.signed-in-as'), /Robin/);

  // Change password: a wrong current one first, then the right one.
  await page.fill('#current_password', 'not my password');
  await page.fill('#new_password', SECOND);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/account/password"] button')]);
  assert.match(await page.textContent('#current_password-error'), /\S/);
  await page.fill('#current_password', FIRST);
  await page.fill('#new_password', SECOND);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/account/password"] button')]);
  assert.match(await page.textContent('.notice'), /password has been changed/);
  await noOverflow(page);

  // Out, and in with the new password.
  await Promise.all([page.waitForNavigation(), page.click('form[action="/signout"] button')]);
  await page.goto(`${env.server.url}/signin`);
  await signIn(page, SECOND);
  assert.match(await page.textContent('.signed-in-as'), /Robin/);
  assert.deepEqual(page.problems.filter((p) => !/status of 40[13]/.test(p)), []);
});
