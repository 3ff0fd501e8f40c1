/**
 * What the integration tests need from the operating system: Jupyter (from Debian's packages —
 * there is no PyPI here) to run notebooks through the tslab kernel, Chromium for the browser
 * tests, and PyTorch as the independent oracle the random-program tests compare against (and a
 * peer of the benchmarks). On Debian as root they are installed with apt-get; elsewhere we print the command.
 *
 * `npm start` uses the same installer for Jupyter alone. Run directly (`node scripts/system.mjs`)
 * it installs what the tests need, as .ci/run does.
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const DEBIAN_PACKAGES = ['python3-jupyter-server', 'python3-nbclient', 'python3-nbformat', 'python3-ipython', 'jupyter-client', 'chromium', 'python3-torch'];

const installed = (pkg) => spawnSync('dpkg', ['-s', pkg], { stdio: 'ignore' }).status === 0;

/** Installs the missing ones of `packages` with apt-get (as root), or throws with the command to run. */
export function ensureDebianPackages(packages) {
  const missing = packages.filter((p) => !installed(p));
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) throw new Error(`jacobi needs Debian packages: sudo apt-get install ${missing.join(' ')}`);
  console.log(`> installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', ...missing]]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) throw new Error(`apt-get ${args[0]} failed`);
  }
}

/** Installs what the tests need (Debian), or throws with the command to run. */
export function ensureSystemPackages() {
  if (!existsSync('/etc/debian_version')) {
    const ok = spawnSync('/usr/bin/python3', ['-c', 'import nbclient, jupyter_server, torch'], { stdio: 'ignore' }).status === 0;
    if (!ok) throw new Error('the tests need Jupyter and PyTorch for /usr/bin/python3 (python3 -m pip install jupyter_server nbclient torch) and Chromium at /usr/bin/chromium');
    return;
  }
  ensureDebianPackages(DEBIAN_PACKAGES);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    ensureSystemPackages();
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
