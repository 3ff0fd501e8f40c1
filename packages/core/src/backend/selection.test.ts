import { afterEach, describe, expect, it, vi } from 'vitest';

// src/backend/index.ts reads JACOBI_BACKEND once, when it loads: each case loads a fresh copy.
describe('JACOBI_BACKEND', () => {
  const saved = process.env.JACOBI_BACKEND;
  afterEach(() => {
    process.env.JACOBI_BACKEND = saved;
    vi.resetModules();
  });
  async function loadWith(value: string | undefined) {
    if (value === undefined) delete process.env.JACOBI_BACKEND;
    else process.env.JACOBI_BACKEND = value;
    vi.resetModules();
    return import('./index');
  }

  it('js selects the plain TypeScript kernels, wasm (and unset, when built) the SIMD ones', async () => {
    const js = await loadWith('js');
    expect(js.backend()).toBe(js.jsBackend);
    expect((await loadWith('wasm')).backend().name).toBe('wasm-simd');
    expect((await loadWith(undefined)).backend().name).toBe('wasm-simd');
  });

  it('refuses any other value, naming the variable and the value', async () => {
    await expect(loadWith('gpu')).rejects.toThrow("JACOBI_BACKEND must be 'js' or 'wasm', got 'gpu'");
  });
});
