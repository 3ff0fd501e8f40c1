/**
 * Runs the notebook page: finds Debian's jupyter_server, registers the tslab kernel, and starts
 * the server on 127.0.0.1 with a token, serving the built page from its static path. Used by
 * `npm start` and by the browser tests (which need the server's PID to stop it).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The built page (packages/app/build). */
export const pageDir = join(repoRoot, 'packages', 'app', 'build');
/** The Python that has Debian's Jupyter packages (not a pyenv/venv python on PATH). */
export const PYTHON = process.env.JACOBI_PYTHON ?? '/usr/bin/python3';

/** True if `PYTHON` can import jupyter_server. */
export function hasJupyterServer() {
  return spawnSync(PYTHON, ['-c', 'import jupyter_server'], { stdio: 'ignore' }).status === 0;
}

/** Registers the tslab (and jslab) kernel specs with `PYTHON`'s Jupyter; throws on failure. */
export function registerTslabKernel() {
  const tslab = join(repoRoot, 'node_modules', '.bin', 'tslab');
  if (!existsSync(tslab)) throw new Error(`tslab is not installed (${tslab}); run npm install`);
  const r = spawnSync(tslab, ['install', `--python=${PYTHON}`, `--binary=${tslab}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tslab install failed: ${r.stderr || r.stdout}`);
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts jupyter_server serving `rootDir` and the page; resolves once it answers. Returns the
 * child process, the page URL for a notebook path, and `stop()` (SIGTERM to its PID, then SIGKILL).
 */
export async function startJupyter({ rootDir = repoRoot, port, token = randomBytes(24).toString('hex'), timeoutMs = 60_000, log = () => {} } = {}) {
  if (!existsSync(join(pageDir, 'index.html'))) throw new Error(`the page is not built (${pageDir}); run npm run build`);
  port ??= await freePort();
  const args = [
    '-m', 'jupyter_server',
    '--ServerApp.ip=127.0.0.1',
    `--ServerApp.port=${port}`,
    '--ServerApp.port_retries=0',
    `--ServerApp.token=${token}`,
    `--ServerApp.root_dir=${rootDir}`,
    `--ServerApp.extra_static_paths=${JSON.stringify([pageDir])}`,
    '--ServerApp.open_browser=False',
    '--ServerApp.allow_root=True',
    // Checkpoints outside the work tree, so serving the repository leaves no files in it.
    `--FileCheckpoints.checkpoint_dir=${join(tmpdir(), 'jacobi-checkpoints')}`,
  ];
  const child = spawn(PYTHON, args, { cwd: rootDir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (text) => {
      output = (output + text).slice(-20_000);
      log(text);
    });
  }
  const base = `http://127.0.0.1:${port}`;
  const stop = () => stopProcess(child);
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`jupyter_server exited with code ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${base}/api/status?token=${token}`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > timeoutMs) {
      await stop();
      throw new Error(`jupyter_server did not answer on ${base} within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const pageUrl = (notebookPath, extra = {}) => {
    const query = new URLSearchParams({ token, path: notebookPath, ...extra });
    return `${base}/static/index.html?${query}`;
  };
  return { child, pid: child.pid, port, token, base, pageUrl, stop, output: () => output };
}

/** Stops a child process by its PID: SIGTERM, then SIGKILL after `graceMs`. */
export function stopProcess(child, graceMs = 5_000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
