#!/usr/bin/env node
/**
 * `npx jacobi-install`: makes an existing JupyterLab (4.x) show jacobi outputs. Copies the
 * prebuilt @jacobi/jupyterlab extension into the user's Jupyter data directory
 * (labextensions/@jacobi/jupyterlab) and registers the tslab TypeScript kernel. Restart
 * JupyterLab afterwards.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const EXTENSION_NAME = '@jacobi/jupyterlab';

const USAGE = `usage: npx jacobi-install [--python PATH] [--data-dir DIR] [--no-kernel]

  --python PATH    Python whose Jupyter gets the kernel (default: /usr/bin/python3 where it
                   exists, else python3)
  --data-dir DIR   Jupyter data directory (default: $JUPYTER_DATA_DIR, else \`jupyter --data-dir\`)
  --no-kernel      only install the extension, do not register the tslab kernel`;

function fail(message) {
  console.error(`jacobi-install: ${message}`);
  process.exit(1);
}

/** The user's Jupyter data directory, as Jupyter itself computes it. */
function jupyterDataDir(python) {
  if (process.env.JUPYTER_DATA_DIR) return resolve(process.env.JUPYTER_DATA_DIR);
  const asked = spawnSync(python, ['-c', 'import jupyter_core.paths as p; print(p.jupyter_data_dir())'], { encoding: 'utf8' });
  if (asked.status === 0 && asked.stdout.trim()) return asked.stdout.trim();
  // jupyter_core's defaults, when no Python with Jupyter is at hand
  if (platform() === 'darwin') return join(homedir(), 'Library', 'Jupyter');
  if (platform() === 'win32') return join(process.env.APPDATA ?? homedir(), 'jupyter');
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'jupyter');
}

/** Copies the prebuilt extension to DATA/labextensions/@jacobi/jupyterlab; returns the target. */
function installExtension(dataDir) {
  const built = join(packageDir, 'labextension');
  if (!existsSync(join(built, 'package.json'))) fail(`no prebuilt extension in ${built}; build it with: npm run build -w ${EXTENSION_NAME}`);
  const target = join(dataDir, 'labextensions', ...EXTENSION_NAME.split('/'));
  rmSync(target, { recursive: true, force: true });
  mkdirSync(dirname(target), { recursive: true });
  cpSync(built, target, { recursive: true });
  return target;
}

/** Runs `tslab install` for `python`, with tslab resolved from where this command runs. */
function registerKernel(python) {
  const require = createRequire(join(process.cwd(), 'package.json'));
  let tslabPackage;
  try {
    tslabPackage = require.resolve('tslab/package.json');
  } catch {
    try {
      tslabPackage = createRequire(join(packageDir, 'package.json')).resolve('tslab/package.json');
    } catch {
      fail('tslab is not installed; install it with: npm install tslab');
    }
  }
  const binary = join(dirname(tslabPackage), 'bin', 'tslab');
  const result = spawnSync(process.execPath, [binary, 'install', `--python=${python}`, `--binary=${binary}`], { stdio: 'inherit' });
  if (result.status !== 0) fail(`tslab install failed (is Jupyter installed for ${python}?)`);
}

let options;
try {
  options = parseArgs({
    options: {
      python: { type: 'string' },
      'data-dir': { type: 'string' },
      'no-kernel': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values;
} catch (error) {
  fail(`${error.message}\n${USAGE}`);
}
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
const python = options.python ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
const dataDir = options['data-dir'] ? resolve(options['data-dir']) : jupyterDataDir(python);
const target = installExtension(dataDir);
console.log(`installed the ${EXTENSION_NAME} renderers in ${target}`);
if (!options['no-kernel']) {
  registerKernel(python);
  console.log('registered the tslab TypeScript kernel');
}
console.log('Restart JupyterLab to use them.');
