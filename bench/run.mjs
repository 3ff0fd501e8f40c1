// `npm run bench`: builds what the harness loads when its output is missing or older than its
// sources (jacobi's core, then the harness itself), then runs the harness with the same arguments.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { staleWorkspace } from '../packages/app/staleness.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = [
  { dir: 'packages/core', output: 'packages/core/dist/index.js', workspace: '@jacobi/core' },
  { dir: 'bench', output: 'bench/dist/main.js', workspace: '@jacobi/bench' },
];

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

for (let stale = staleWorkspace(root, built); stale; stale = staleWorkspace(root, built)) {
  console.error(`building ${stale.dir}: ${stale.reason}`);
  run('npm', ['run', 'build', '-w', built.find((b) => b.dir === stale.dir).workspace]);
}
run(process.execPath, [`${root}bench/dist/main.js`, ...process.argv.slice(2)]);
