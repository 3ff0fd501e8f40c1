import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { BackOff, controlBytes, startWorkers, type GemmKernels } from './threads';
import { WASM_PATH } from './wasm';

// A module and memory of this test's own, so the backend's workers are not involved.
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, (...args: number[]) => number> };
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => { buffer: ArrayBuffer; grow(pages: number): number };
};
const module = new WebAssembly.Module(readFileSync(WASM_PATH));
const memory = new WebAssembly.Memory({ initial: 256, maximum: 32768, shared: true });
const own = new WebAssembly.Instance(module, { env: { memory, abort() { throw new Error('abort'); } } }).exports;
const kernels = own as unknown as GemmKernels;
const WORK = 131072, work = Math.ceil(own.gemmWorkspaceBytes() / 65536) * 65536;
const workspace = (w: number) => WORK + (w + 1) * work; // the main thread's is WORK
const DATA = WORK + 5 * work; // after the main thread's and four workers' workspaces

describe('gemm worker threads', () => {
  const [m, k, n] = [30, 50, 200];
  const a = new Float64Array(memory.buffer, DATA, m * k);
  const b = new Float64Array(memory.buffer, a.byteOffset + a.byteLength, k * n);
  a.forEach((_, i) => (a[i] = Math.sin(i)));
  b.forEach((_, i) => (b[i] = Math.cos(i)));
  const args = (c: Float64Array) => [m, n, k, a.byteOffset, k, 1, b.byteOffset, n, 1, c.byteOffset, n];
  const whole = new Float64Array(memory.buffer, b.byteOffset + b.byteLength, m * n).fill(NaN);
  own.gemmF64(...args(whole), WORK, 0, 1);
  const split = new Float64Array(memory.buffer, whole.byteOffset + whole.byteLength, m * n);

  it('compute a product cut into parts exactly as the whole product, product after product', () => {
    expect(whole[0]).toBeCloseTo(Array.from({ length: k }, (_, p) => Math.sin(p) * Math.cos(p * n)).reduce((s, v) => s + v), 12);
    const workers = startWorkers(module, memory, 65536, 2, workspace);
    expect(workers?.count).toBe(2);
    for (const parts of [2, 3, 7, 25, 40]) {
      split.fill(NaN);
      workers!.run(kernels, WORK, false, args(split), parts, 2);
      expect(Array.from(split), `${parts} parts`).toEqual(Array.from(whole));
    }
  });

  it('let the main thread do every part when no worker helps', () => {
    const workers = startWorkers(module, memory, 65536 + controlBytes(2) + 64, 1, (w) => workspace(w + 2))!;
    split.fill(NaN);
    workers.run(kernels, WORK, false, args(split), 5, 0);
    expect(Array.from(split)).toEqual(Array.from(whole));
  });

  it('report a kernel that traps as an error, and keep working', () => {
    const workers = startWorkers(module, memory, 65536 + 2048, 1, (w) => workspace(w + 3))!;
    const outside = 2 ** 31 - 4096; // beyond the memory's current size: the stores trap
    expect(() => workers.run(kernels, WORK, false, [m, n, k, a.byteOffset, k, 1, b.byteOffset, n, 1, outside, n], 4, 1))
      .toThrow(/matmul: the WebAssembly kernel failed in a worker thread/);
    split.fill(NaN);
    workers.run(kernels, WORK, false, args(split), 4, 1);
    expect(Array.from(split)).toEqual(Array.from(whole));
  });
});

describe('BackOff', () => {
  const pattern = (b: BackOff, n: number) => Array.from({ length: n }, () => (b.useThreads() ? 'T' : '1')).join('');

  it('keeps 1, 2, 4, ... products on one thread while threads keep losing, up to its limit', () => {
    const b = new BackOff(4);
    expect(pattern(b, 3)).toBe('TTT');
    const lost = () => b.record(2, 1);
    lost();
    expect(pattern(b, 2)).toBe('1T');
    lost();
    expect(pattern(b, 3)).toBe('11T');
    lost();
    expect(pattern(b, 5)).toBe('1111T');
    lost();
    expect(pattern(b, 5)).toBe('1111T'); // capped at 4
  });

  it('forgets after a product where threads paid', () => {
    const b = new BackOff();
    b.record(2, 1);
    b.record(2, 1);
    expect(pattern(b, 2)).toBe('11');
    b.record(0.5, 1);
    expect(pattern(b, 2)).toBe('TT');
    b.record(2, 1);
    expect(pattern(b, 2)).toBe('1T');
  });
});

