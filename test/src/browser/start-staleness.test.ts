import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { staleWorkspace } from '../../../packages/app/staleness.mjs';

/** Writes `path` under `root` with the given modification time (seconds since the epoch). */
function touch(root: string, path: string, seconds: number): void {
  const full = join(root, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, 'x');
  utimesSync(full, seconds, seconds);
}

describe('npm start staleness check', () => {
  let root: string;
  const spaces = [
    { dir: 'packages/a', output: 'packages/a/dist/index.js' },
    { dir: 'packages/b', output: 'packages/b/lib/out.json' },
  ];
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'jacobi-stale-'));
    touch(root, 'packages/a/src/deep/x.ts', 1000);
    touch(root, 'packages/a/dist/index.js', 2000);
    touch(root, 'packages/b/style/base.css', 1000);
    touch(root, 'packages/b/lib/out.json', 2000);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('finds nothing to build when every output is newer than its sources', () => {
    expect(staleWorkspace(root, spaces)).toBeNull();
  });

  it('rebuilds when a nested source or a style file is newer than the output', () => {
    touch(root, 'packages/a/src/deep/x.ts', 3000);
    expect(staleWorkspace(root, spaces)).toEqual({ dir: 'packages/a', reason: 'packages/a has sources newer than packages/a/dist/index.js' });
    touch(root, 'packages/a/src/deep/x.ts', 1000);
    touch(root, 'packages/b/style/base.css', 2500);
    expect(staleWorkspace(root, spaces)?.dir).toBe('packages/b');
    touch(root, 'packages/b/style/base.css', 1000);
    touch(root, 'packages/a/assembly/kernel.ts', 2001);
    expect(staleWorkspace(root, spaces)?.dir).toBe('packages/a');
  });

  it('rebuilds when an output is missing', () => {
    rmSync(join(root, 'packages/b/lib/out.json'));
    expect(staleWorkspace(root, spaces)).toEqual({ dir: 'packages/b', reason: 'packages/b/lib/out.json is missing' });
  });

  it('ignores test files and folders outside the source folders', () => {
    touch(root, 'packages/a/src/x.test.ts', 9000);
    touch(root, 'packages/a/node_modules/dep/index.js', 9000);
    touch(root, 'packages/a/README.md', 9000);
    expect(staleWorkspace(root, spaces)).toBeNull();
  });
});
