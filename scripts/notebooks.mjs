/**
 * `npm run notebooks`: re-executes every tutorial in notebooks/ in place, so the committed
 * notebooks carry fresh outputs (and read well on GitHub through their static pictures).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bootstrap, root, run } from './bootstrap.mjs';

bootstrap();
const only = process.argv.slice(2);
const notebooks = readdirSync(join(root, 'notebooks'))
  .filter((f) => f.endsWith('.ipynb') && (only.length === 0 || only.some((o) => f.includes(o))))
  .sort();
let failed = 0;
for (const nb of notebooks) {
  console.log(`> executing notebooks/${nb}`);
  if (run('/usr/bin/python3', ['scripts/execute_notebook.py', join('notebooks', nb)]) !== 0) failed++;
}
console.log(`${notebooks.length - failed} notebooks executed, ${failed} failed`);
process.exit(failed ? 1 : 0);
