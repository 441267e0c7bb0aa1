// Starts a real `tricholog serve` on a temporary SQLite store for one test file and stops it
// with SIGINT (the way Ctrl-C does), checking that it exits cleanly.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// The binary under test: $TRICHOLOG_BIN (ctest sets it), else the ci preset's build.
export function tricholog() {
  return process.env.TRICHOLOG_BIN || path.join(root, 'build', 'ci', 'tricholog');
}

// Starts the server; resolves to { url, dir, db, stop(), output() } once it has printed its URL.
// `args` are extra arguments for `serve` (e.g. ['--demo']).
export async function startServer(args = [], { timeoutMs = 120000 } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'tricholog-e2e-'));
  const db = `sqlite:${path.join(dir, 'tricholog.db')}`;
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
