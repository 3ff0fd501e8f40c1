/// <reference types="node" />
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const bin = join(packageDir, 'bin', 'jacobi-install.mjs');

function install(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

describe('jacobi-install (needs the prebuilt extension: npm run build -w @jacobi/jupyterlab)', () => {
  it('copies the prebuilt extension into the Jupyter data dir named by JUPYTER_DATA_DIR', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jacobi-install-'));
    try {
      const result = install(['--no-kernel'], { JUPYTER_DATA_DIR: dataDir });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const target = join(dataDir, 'labextensions', '@jacobi', 'jupyterlab');
      const pkg = JSON.parse(readFileSync(join(target, 'package.json'), 'utf8'));
      expect(pkg.name).toBe('@jacobi/jupyterlab');
      // what JupyterLab reads to load a prebuilt extension
      expect(pkg.jupyterlab._build.mimeExtension).toBe('./mimeExtension');
      expect(existsSync(join(target, pkg.jupyterlab._build.load))).toBe(true);
      expect(readdirSync(join(target, 'static')).some((f) => f.startsWith('remoteEntry.'))).toBe(true);
      expect(result.stdout).toContain(target);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('replaces an older copy and honours --data-dir', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jacobi-install-'));
    try {
      expect(install(['--no-kernel', '--data-dir', dataDir]).status).toBe(0);
      const again = install(['--no-kernel', '--data-dir', dataDir]);
      expect(again.status).toBe(0);
      const staticFiles = readdirSync(join(dataDir, 'labextensions', '@jacobi', 'jupyterlab', 'static'));
      expect(staticFiles.filter((f) => f.startsWith('remoteEntry.'))).toHaveLength(1);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('rejects an unknown option with the usage text', () => {
    const result = install(['--bogus']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Unknown option '--bogus'/);
    expect(result.stderr).toMatch(/usage: npx jacobi-install/);
  });
});
