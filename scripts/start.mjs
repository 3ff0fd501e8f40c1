/**
 * `npm start`: from a fresh clone to the tutorials in a browser. Installs and builds what is
 * missing, makes sure Debian's jupyter_server is there, registers the tslab kernel, then serves the
 * notebook page on 127.0.0.1 (free port, random token) and prints its URL. Ctrl-C stops the server.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bootstrap, root, run } from './bootstrap.mjs';
import { ensureDebianPackages } from './system.mjs';
import { staleWorkspace } from '../packages/app/staleness.mjs';

/** Each workspace with the output its build writes: missing or older than its sources = rebuild. */
const BUILT = [
  { dir: 'packages/core', output: 'packages/core/dist/index.js' },
  { dir: 'packages/viz', output: 'packages/viz/dist/index.js' },
  { dir: 'packages/jupyterlab', output: 'packages/jupyterlab/labextension/package.json' },
  { dir: 'packages/app', output: 'packages/app/build/index.html' },
  ...(existsSync(join(root, 'kernel-ext/src/index.ts')) ? [{ dir: 'kernel-ext', output: 'kernel-ext/dist/index.js' }] : []),
];

function ensureJupyterServer({ hasJupyterServer, PYTHON }) {
  if (hasJupyterServer()) return;
  let hint = '  python3 -m pip install jupyter_server   (then run with JACOBI_PYTHON=$(which python3))';
  if (existsSync('/etc/debian_version') && PYTHON === '/usr/bin/python3') {
    try {
      ensureDebianPackages(['python3-jupyter-server']);
      if (hasJupyterServer()) return;
    } catch (e) {
      hint = `  ${e.message}`;
    }
  }
  console.error(`jacobi needs a Jupyter server for ${PYTHON}. Install it with:\n${hint}\n`);
  process.exit(1);
}

/** The tutorial notebooks, in order (files starting with `_` are scratch copies). */
function tutorials() {
  const dir = join(root, 'notebooks');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.ipynb') && !f.startsWith('_')).sort() : [];
}

bootstrap({ build: false });
const stale = staleWorkspace(root, BUILT);
if (stale) {
  console.log(`> building workspaces (lerna run build): ${stale.reason}`);
  if (run('npx', ['lerna', 'run', 'build', '--loglevel', 'warn']) !== 0) process.exit(1);
}

const server = await import('../packages/app/server.mjs');
ensureJupyterServer(server);
server.registerTslabKernel();

const notebooks = tutorials();
if (!notebooks.length) {
  console.error('no notebooks in notebooks/');
  process.exit(1);
}
console.log('> starting jupyter_server on 127.0.0.1');
const jupyter = await server.startJupyter({ rootDir: root });
console.log(`\njacobi notebooks are being served (Ctrl-C to stop). Open:\n\n  ${jupyter.pageUrl(`notebooks/${notebooks[0]}`)}\n`);
if (notebooks.length > 1) console.log(`Other tutorials are in the page's notebook menu: ${notebooks.slice(1).join(', ')}\n`);

let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  console.log('\n> stopping jupyter_server');
  await jupyter.stop();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
jupyter.child.on('exit', (code) => {
  if (stopping) return;
  console.error(`jupyter_server exited (code ${code}):\n${jupyter.output()}`);
  process.exit(1);
});
