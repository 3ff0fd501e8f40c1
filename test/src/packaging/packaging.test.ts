/**
 * The packages as users load them: tslab `require`s them and type-checks cells with its own
 * TypeScript 5.0; ES-module users `import` them. Runs against the built dist/ (npm test builds).
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const node = (args: string[], cwd = root) => execFileSync(process.execPath, args, { cwd, encoding: 'utf8' });

describe('@jacobi/core as a package', () => {
  it('is built', () => {
    expect(existsSync(join(root, 'packages/core/dist/index.js'))).toBe(true);
    expect(existsSync(join(root, 'packages/core/dist/index.d.ts'))).toBe(true);
  });

  it('loads with require (as tslab loads it), methods included', () => {
    const out = node(['-e', `
      const { tensor, grad, sum } = require('@jacobi/core');
      const { checkGrads } = require('@jacobi/core/testing');
      const g = grad((x) => sum(x.mul(x)))(tensor([1, 2, 3]));
      console.log(JSON.stringify(g.toArray()), typeof checkGrads, tensor([1]).tanh().dtype);
    `]);
    expect(out.trim()).toBe('[2,4,6] function float64');
  });

  it('loads with import (named exports of the CommonJS build)', () => {
    const dir = mkdtempSync(join(root, 'node_modules/.jacobi-esm-'));
    const file = join(dir, 'check.mjs');
    writeFileSync(file, `
      import { tensor, jvp } from '@jacobi/core';
      import { checkGrads } from '@jacobi/core/testing';
      const [, t] = jvp((x) => x.exp(), [tensor([0, 1])], [tensor([1, 1])]);
      console.log(JSON.stringify(t.toArray().map((v) => +v.toFixed(6))), typeof checkGrads);
    `);
    expect(node([file]).trim()).toBe('[1,2.718282] function');
  });

  it('multiplies on worker threads and still exits promptly (as a notebook kernel or script must)', () => {
    // Threads of this process, from Linux's /proc: matmul's workers start on the first large product.
    const script = `
      const { readdirSync } = require('node:fs');
      const threads = () => readdirSync('/proc/self/task').length;
      const { randn, matmul } = require('@jacobi/core');
      const a = randn([300, 200], { seed: 1 }), b = randn([200, 250], { seed: 2 });
      const before = threads();
      const c = matmul(a, b);
      const want = a.toArray()[7].reduce((s, v, p) => s + v * b.toArray()[p][9], 0);
      // strings, not a number and a boolean: console.log colours those when FORCE_COLOR is set
      console.log(String(threads() - before), String(Math.abs(c.toArray()[7][9] - want) < 1e-12));
    `;
    // A worker left holding the process would make execFileSync time out and throw.
    const run = (threads: number) => {
      const out = execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, JACOBI_THREADS: String(threads) } });
      const [started, correct] = out.trim().split(' ');
      return { started: Number(started), correct };
    };
    const two = run(2), one = run(1);
    expect(two.correct).toBe('true');
    expect(one.correct).toBe('true');
    expect(two.started).toBeGreaterThan(0);
    expect(one.started).toBe(0);
  });

  it("typings compile with tslab's TypeScript 5.0", () => {
    const require = createRequire(join(root, 'node_modules/tslab/package.json'));
    const ts = require('@tslab/typescript-for-tslab') as typeof import('typescript');
    expect(ts.version.startsWith('5.0')).toBe(true);
    // inside the repo, so '@jacobi/core' resolves from its node_modules as in a notebook there
    const dir = mkdtempSync(join(root, 'node_modules/.jacobi-ts50-'));
    const file = join(dir, 'cell.ts');
    writeFileSync(file, `
      import { tensor, grad, vjp, jvp, Tensor, matmul, randn } from '@jacobi/core';
      import { checkGrads } from '@jacobi/core/testing';
      const W: Tensor = randn([2, 3], { seed: 0 });
      const f = (x: Tensor): Tensor => matmul(W, x).tanh().sum();
      const g: Tensor = grad(f)(tensor([1, 2, 3]));
      const [y, pb] = vjp((x: Tensor) => x.exp(), tensor([1, 2]));
      const [, t] = jvp((x: Tensor) => x.square(), [tensor(1)], [tensor(1)]);
      const shape: readonly number[] = g.T.shape;
      checkGrads((x) => x.sin(), [tensor([1, 2])]);
      export { y, pb, t, shape };
    `);
    const program = ts.createProgram([file], {
      strict: true, noEmit: true, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.NodeJs,
      target: ts.ScriptTarget.ES2020, lib: ['lib.es2020.d.ts'], types: [],
    });
    const diags = ts.getPreEmitDiagnostics(program);
    expect(diags.map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`)).toEqual([]);
  });
});
