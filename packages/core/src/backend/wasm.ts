/**
 * The WebAssembly SIMD backend: the JavaScript kernels, with matrix products replaced by the SIMD
 * kernels in assembly/matmul.ts (built to wasm/kernels.wasm by `npm run build`). Operands are
 * copied into the module's memory, multiplied there, and the result copied out: O(n²) copies
 * for O(n³) work.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TypedArray } from '../dtype';
import type { Backend } from './backend';
import { jsBackend } from './js';

// The few WebAssembly API types used here (the ES lib this package compiles against has none).
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
};
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The exports of wasm/kernels.wasm. */
export interface Kernels {
  memory: WasmMemory;
  matmulF64(a: number, b: number, out: number, m: number, k: number, n: number): void;
  matmulF32(a: number, b: number, out: number, m: number, k: number, n: number): void;
}

/** Where the build puts the module: <package>/wasm/kernels.wasm, two levels above src/ and dist/ files. */
export const WASM_PATH = join(__dirname, '..', '..', 'wasm', 'kernels.wasm');

/** Loads the SIMD kernels, or returns null (with the reason) when they are not built or not supported. */
export function loadWasmKernels(path = WASM_PATH): { kernels: Kernels | null; reason?: string } {
  try {
    const module = new WebAssembly.Module(readFileSync(path));
    const instance = new WebAssembly.Instance(module, { env: { abort: () => { throw new Error('wasm kernel aborted'); } } });
    return { kernels: instance.exports as unknown as Kernels };
  } catch (e) {
    return { kernels: null, reason: (e as Error).message };
  }
}

/** Builds the backend on loaded kernels. */
export function wasmBackend(kernels: Kernels): Backend {
  const { memory } = kernels;
  const ensure = (bytes: number) => {
    const need = bytes - memory.buffer.byteLength;
    if (need > 0) memory.grow(Math.ceil(need / 65536));
  };
  return {
    ...jsBackend,
    name: 'wasm-simd',
    matmul(a, aBatch, b, bBatch, m, k, n, out) {
      const f32 = out instanceof Float32Array;
      const size = f32 ? 4 : 8;
      const View = (f32 ? Float32Array : Float64Array) as unknown as new (buf: ArrayBuffer, off: number, len: number) => TypedArray;
      // Layout: [a | b | one output block], each 16-byte aligned.
      const align = (x: number) => Math.ceil(x / 16) * 16;
      const aPtr = 16, bPtr = align(aPtr + a.length * size), oPtr = align(bPtr + b.length * size);
      const block = m * n;
      ensure(oPtr + block * size);
      new View(memory.buffer, aPtr, a.length).set(a);
      new View(memory.buffer, bPtr, b.length).set(b);
      const o = new View(memory.buffer, oPtr, block);
      const kernel = f32 ? kernels.matmulF32 : kernels.matmulF64;
      for (let t = 0; t < aBatch.length; t++) {
        o.fill(0);
        kernel(aPtr + aBatch[t] * size, bPtr + bBatch[t] * size, oPtr, m, k, n);
        out.set(o, t * block);
      }
    },
  };
}
