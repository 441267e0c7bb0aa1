// Ctrl-C never loses an analysis job: five photos are uploaded at once and the server is
// stopped with SIGINT as soon as they are taken in, before their analyses can all have run; the
// analyses left pending run when the server starts again on the same store.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tricholog } from './lib/server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CASES = process.env.TRICHOLOG_SCALP_VIEWS ||
  path.resolve(root, '..', 'shared', 'data', 'synthetic', 'scalp-views');
const VIEWS = ['top', 'front', 'back', 'left', 'right'];
const dir = mkdtempSync(path.join(tmpdir(), 'tricholog-e2e-restart-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// Starts `serve` on the test's store; resolves to { url, stop(), output() }.
async function serve() {
  const child = spawn(tricholog(), ['serve', '--db', `sqlite:${path.join(dir, 't.db')}`,
    '--listen', '127.0.0.1:0'], { env: { ...process.env, TRICHOLOG_HOME: dir } });
  let out = '';
  child.stdout.on('data', (c) => { out += c; });
  child.stderr.on('data', (c) => { out += c; });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL:\n${out}`)), 60000);
    child.stdout.on('data', () => {
      const m = out.match(/serving at (http:\/\/[^\s]+)/);
      if (m) { clearTimeout(timer); resolve(m[1].replace(/\/$/, '')); }
    });
  });
  return {
    url,
    output: () => out,
    async stop() { child.kill('SIGINT'); return exited; },
  };
}

test('analyses pending at Ctrl-C run at the next start', async () => {
  let server = await serve();
  const signUp = await fetch(`${server.url}/api/v1/accounts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'kim@example.org', password: 'a long enough password', display_name: 'Kim' }),
  });
  assert.equal(signUp.status, 201);
  const account = await signUp.json();
  const cookie = signUp.headers.get('set-cookie').split(';')[0];
  const headers = { Cookie: cookie, 'X-CSRF-Token': account.csrf_token };
  const patient = account.patient_id;
  const created = await fetch(`${server.url}/api/v1/patients/${patient}/drafts`, {
    method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: '{}',
  });
  assert.equal(created.status, 201);
  const draft = await created.json();

  const uploads = await Promise.all(VIEWS.map(async (view) => {
    const body = new FormData();
    body.append('photo', new Blob([readFileSync(path.join(CASES, 'case003', `${view}.jpg`))],
      { type: 'image/jpeg' }), `${view}.jpg`);
    const reply = await fetch(`${server.url}/api/v1/patients/${patient}/drafts/${draft.id}/photos/${view}`,
      { method: 'POST', headers, body });
    assert.equal(reply.status, 202, await reply.clone().text());
    return (await reply.json()).photo_sha256;
  }));
  assert.equal(await server.stop(), 0, server.output());

  // Started again: the pending ones are resumed and every analysis finishes.
  server = await serve();
  try {
    const signIn = await fetch(`${server.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'kim@example.org', password: 'a long enough password' }),
    });
    assert.equal(signIn.status, 200);
    const again = { Cookie: signIn.headers.get('set-cookie').split(';')[0] };
    const deadline = Date.now() + 120000;
    let statuses = [];
    while (Date.now() < deadline) {
      statuses = await Promise.all(uploads.map(async (sha) => {
        const r = await fetch(`${server.url}/api/v1/patients/${patient}/photo-analyses/${sha}`, { headers: again });
        return (await r.json()).status;
      }));
      if (statuses.every((s) => s !== 'pending')) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    assert.deepEqual(statuses, VIEWS.map(() => 'done'));
    assert.match(server.output(), /resumed [1-5] pending photo analyses/,
      `the first server finished every analysis before it stopped:\n${server.output()}`);
  } finally {
    assert.equal(await server.stop(), 0, server.output());
  }
});
