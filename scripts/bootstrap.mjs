/**
 * Makes a fresh clone ready to run: installs npm dependencies when they are missing and builds the
 * workspaces (lerna builds them in dependency order). Shared by `npm start` and `npm test`.
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

export function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...options });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

export function bootstrap({ build = true } = {}) {
  if (!existsSync(`${root}node_modules/.package-lock.json`)) {
    console.log('> installing npm dependencies (npm ci)');
    if (run('npm', ['ci']) !== 0) throw new Error('npm ci failed');
  }
  if (build) {
    console.log('> building workspaces (lerna run build)');
    if (run('npx', ['lerna', 'run', 'build', '--loglevel', 'warn']) !== 0) throw new Error('build failed');
  }
}
