/** Runs every TypeScript example in the package README, so the README cannot drift from the API. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import * as core from './index';
import * as testing from './testing';

const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
const examples = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
const modules: Record<string, unknown> = { '@jacobi/core': core, '@jacobi/core/testing': testing };

/** Like console.log: strings as they are, plain objects and arrays as JSON, tensors as they print. */
const show = (a: unknown) => (typeof a === 'string' ? a : a instanceof core.Tensor || typeof a !== 'object' || a === null ? String(a) : JSON.stringify(a));

/** Compiles an example to CommonJS and runs it with our modules; returns what it logged. */
function run(source: string): string[] {
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const logged: string[] = [];
  const console = { log: (...args: unknown[]) => logged.push(args.map(show).join(' ')) };
  const require = (name: string) => {
    if (!(name in modules)) throw new Error(`README example imports ${name}`);
    return modules[name];
  };
  new Function('require', 'exports', 'console', js)(require, {}, console);
  return logged;
}

describe('README examples', () => {
  it('has examples for every section', () => {
    expect(examples.length).toBeGreaterThanOrEqual(9);
  });
  examples.forEach((source, i) => {
    const title = source.split('\n').find((l) => !l.startsWith('import') && !l.startsWith('  ') && l.trim()) ?? '';
    it(`example ${i + 1} runs: ${title.slice(0, 60)}`, () => {
      const logged = run(source);
      if (source.includes('console.log')) expect(logged.length).toBeGreaterThan(0);
      if (source.includes('logAbsDetJacobian')) expect(logged.some((l) => /tensor\(0\.6(000)?\d*/.test(l))).toBe(true);
      if (source.includes('withAnomalyDetection')) expect(logged.some((l) => /'log'.*\[2\]/.test(l))).toBe(true);
      if (source.includes('test accuracy')) expect(logged.filter((l) => l.startsWith('epoch ')).length).toBe(5);
    });
  });
});
