import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { startWorkers } from './threads';
import { WASM_PATH } from './wasm';

// A module and memory of this test's own, so the backend's workers are not involved.
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, (...args: number[]) => number> };
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => { buffer: ArrayBuffer };
};
const module = new WebAssembly.Module(readFileSync(WASM_PATH));
const memory = new WebAssembly.Memory({ initial: 128, maximum: 32768, shared: true });
const own = new WebAssembly.Instance(module, { env: { memory, abort() { throw new Error('abort'); } } }).exports;
const CONTROL = 65536, WORK = 131072, work = Math.ceil(own.gemmWorkspaceBytes() / 65536) * 65536;
const DATA = WORK + 2 * work;

describe('gemm worker threads', () => {
  it('run the kernel on the shared memory, as the main thread does', () => {
    const workers = startWorkers(module, memory, CONTROL, 1);
    expect(workers?.count).toBe(1);
    const [m, k, n] = [30, 50, 40];
    const a = new Float64Array(memory.buffer, DATA, m * k);
    const b = new Float64Array(memory.buffer, a.byteOffset + a.byteLength, k * n);
    a.forEach((_, i) => (a[i] = Math.sin(i)));
    b.forEach((_, i) => (b[i] = Math.cos(i)));
    const byWorker = new Float64Array(memory.buffer, b.byteOffset + b.byteLength, m * n).fill(NaN);
    const byMain = new Float64Array(memory.buffer, byWorker.byteOffset + byWorker.byteLength, m * n).fill(NaN);
    const args = (c: Float64Array, work: number) => [m, n, k, a.byteOffset, k, 1, b.byteOffset, n, 1, c.byteOffset, n, work];
    for (let round = 0; round < 3; round++) {
      byWorker.fill(NaN);
      workers!.start(0, false, args(byWorker, WORK + work));
      own.gemmF64(...args(byMain, WORK));
      workers!.finish(0);
      expect(Array.from(byWorker)).toEqual(Array.from(byMain));
    }
    expect(byMain[0]).toBeCloseTo(Array.from({ length: k }, (_, p) => Math.sin(p) * Math.cos(p * n)).reduce((s, v) => s + v), 12);
  });

  it('report a kernel that traps in a worker as an error, and keep working', () => {
    const workers = startWorkers(module, memory, CONTROL + 4096, 1)!;
    const outside = 2 ** 31 - 64; // beyond the memory's current size: the store traps
    workers.start(0, true, [4, 8, 1, DATA, 1, 1, DATA, 8, 1, outside, 8, WORK]);
    expect(() => workers.finish(0)).toThrow(/matmul: the WebAssembly kernel failed in worker thread 1/);
    const c = new Float32Array(memory.buffer, DATA + 4096, 4).fill(NaN);
    workers.start(0, true, [1, 4, 0, DATA, 1, 1, DATA, 4, 1, c.byteOffset, 4, WORK]); // k = 0: C = 0
    workers.finish(0);
    expect(Array.from(c)).toEqual([0, 0, 0, 0]);
  });
});
