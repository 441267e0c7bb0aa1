// Starts a real `tricholog serve` on a temporary SQLite store for one test file and stops it
// with SIGINT (the way Ctrl-C does), checking that it exits cleanly.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// The binary under test: $TRICHOLOG_BIN (ctest sets it), else the ci preset's build.
export function tricholog() {
  return process.env.TRICHOLOG_BIN || path.join(root, 'build', 'ci', 'tricholog');
}

// The demo store made once per build (`tricholog demo`, about a minute) and copied for each test
// file that serves --demo, so the browser tests do not render the demo's photos again each time.
function demoCache() {
  const cache = path.join(path.dirname(tricholog()), 'e2e-demo-cache');
  const cached = path.join(cache, 'tricholog.db');
  // A binary built after the cache was made may make a different demo: make it again.
  if (existsSync(cached) && statSync(tricholog()).mtimeMs > statSync(cached).mtimeMs) {
    rmSync(cache, { recursive: true, force: true });
  }
  if (!existsSync(cached)) {
    mkdirSync(cache, { recursive: true });
    const made = spawnSync(tricholog(), ['demo', '--db', `sqlite:${path.join(cache, 'tricholog.db')}`],
      { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`tricholog demo failed:\n${made.stderr}`);
  }
  return cache;
}

// Starts the server; resolves to { url, dir, db, stop(), output() } once it has printed its URL.
// `args` are extra arguments for `serve` (e.g. ['--demo']). With '--demo' the store starts as a
// copy of the build's demo cache (serve then finds the demo there), unless `freshDemo` is set.
export async function startServer(args = [], { timeoutMs = 120000, freshDemo = false } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'tricholog-e2e-'));
  const db = `sqlite:${path.join(dir, 'tricholog.db')}`;
  if (args.includes('--demo') && !freshDemo) {
    const cache = demoCache();
    cpSync(path.join(cache, 'tricholog.db'), path.join(dir, 'tricholog.db'));
    cpSync(path.join(cache, 'tricholog.db.blobs'), path.join(dir, 'tricholog.db.blobs'), { recursive: true });
  }
  const child = spawn(tricholog(), ['serve', '--db', db, '--listen', '127.0.0.1:0', ...args], {
    env: { ...process.env, TRICHOLOG_HOME: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk) => { out += chunk; });
  child.stderr.on('data', (chunk) => { out += chunk; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));

  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const look = () => {
      const m = out.match(/serving at (http:\/\/[^\s]+)/);
      if (m) { clearTimeout(timer); resolve(m[1].replace(/\/$/, '')); }
    };
    child.stdout.on('data', look);
    exited.then(({ code, signal }) => { clearTimeout(timer); reject(new Error(`serve exited (${code ?? signal}) before printing its URL:\n${out}`)); });
  });

  return {
    url,
    dir,
    db,
    output: () => out,
    // SIGINT, then the exit status; the store folder is removed afterwards. A second call
    // (an after() hook cleaning up) returns the first result.
    async stop() {
      if (this.stopped) return this.stopped;
      child.kill('SIGINT');
      const result = await Promise.race([
        exited,
        new Promise((resolve) => setTimeout(() => resolve({ code: null, signal: 'timeout' }), 20000)),
      ]);
      if (result.signal === 'timeout') child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      this.stopped = result;
      return result;
    },
  };
}
