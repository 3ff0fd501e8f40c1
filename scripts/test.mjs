/**
 * `npm test`: bootstraps (Debian packages for Jupyter and Chromium, npm install, build, the tslab
 * kernel), runs every workspace's tests through lerna, and ends with the plain total over all
 * suites: `N passed, N failed`.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bootstrap, root, run } from './bootstrap.mjs';
import { ensureSystemPackages } from './system.mjs';

process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING ??= 'true';

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const workspaces = pkg.workspaces.map((w) => join(root, w));
const tested = workspaces.filter((w) => {
  const p = join(w, 'package.json');
  return existsSync(p) && JSON.parse(readFileSync(p, 'utf8')).scripts?.test;
});
for (const w of tested) rmSync(join(w, '.test-results.json'), { force: true });

let setupFailed = false;
try {
  ensureSystemPackages();
  bootstrap();
  // the notebooks run in the tslab kernel, registered with Debian's Jupyter
  const { registerTslabKernel } = await import('../packages/app/server.mjs');
  registerTslabKernel();
} catch (e) {
  console.error(`setup failed: ${e.message}`);
  setupFailed = true;
}
const status = setupFailed ? 1 : run('npx', ['lerna', 'run', 'test', '--no-bail', '--no-sort', '--concurrency', '1', '--loglevel', 'warn']);

let passed = 0, failed = 0, skipped = 0;
for (const w of tested) {
  const file = join(w, '.test-results.json');
  if (!existsSync(file)) {
    console.error(`no test results from ${w.slice(root.length)}: its suite did not run to the end`);
    failed += 1;
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  // a file that failed to load has no test results of its own: count it
  failed += r.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
}
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
