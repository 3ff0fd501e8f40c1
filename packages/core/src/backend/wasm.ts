/**
 * The WebAssembly SIMD backend: the JavaScript kernels, with matrix products replaced by the SIMD
 * kernels in assembly/matmul.ts (built to wasm/kernels.wasm by `npm run build`).
 *
 * Memory model: kernels read and write raw pointers into the module's one linear memory. Operands
 * are copied in, the kernel runs, and the result is copied out: O(n²) copies for O(n³) work.
 * Layout of that memory (see {@link WasmHeap}):
 *   [0, 64 KiB)            reserved for the module's own static data;
 *   [64 KiB, SCRATCH_BASE) fixed areas owned by the matmul kernels (thread control, packing buffers);
 *   [SCRATCH_BASE, ...)    the scratch region: every kernel call lays out its operands from its
 *                          start, and memory grows (never shrinks) to fit the largest call so far.
 * Kernel calls are synchronous and never nested, so one scratch region serves every kernel family.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DType, TypedArray } from '../dtype';
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

/** Start of the scratch region (bytes): the fixed areas below it belong to the matmul kernels. */
export const SCRATCH_BASE = 4 << 20;

/**
 * How kernels of every family get operands into wasm memory and results out:
 * ```ts
 * const [xPtr, outPtr] = heap.scratch(x.byteLength, out.byteLength);
 * heap.view(dtype, xPtr, x.length).set(x);
 * kernels.myKernel(xPtr, outPtr, x.length);
 * out.set(heap.view(dtype, outPtr, out.length));
 * ```
 */
export interface WasmHeap {
  /**
   * Byte addresses of consecutive 16-byte-aligned blocks of the given sizes at the start of the
   * scratch region, growing memory if needed. Valid until the next `scratch` call.
   */
  scratch(...bytes: number[]): number[];
  /**
   * A typed array over `length` elements of `dtype` at byte address `ptr`. Make views after the
   * `scratch` call that placed them: growing memory replaces the underlying buffer.
   */
  view(dtype: DType, ptr: number, length: number): TypedArray;
}

const heaps = new WeakMap<WasmMemory, WasmHeap>();

/** The heap helpers of a loaded module (one per memory, shared by every kernel family). */
export function wasmHeap(kernels: Pick<Kernels, 'memory'>): WasmHeap {
  const { memory } = kernels;
  let heap = heaps.get(memory);
  if (heap) return heap;
  const align = (x: number) => Math.ceil(x / 16) * 16;
  heap = {
    scratch(...bytes) {
      const ptrs: number[] = [];
      let end = SCRATCH_BASE;
      for (const b of bytes) {
        ptrs.push(end);
        end = align(end + b);
      }
      const need = end - memory.buffer.byteLength;
      if (need > 0) memory.grow(Math.ceil(need / 65536));
      return ptrs;
    },
    view(dtype, ptr, length) {
      return dtype === 'float32' ? new Float32Array(memory.buffer, ptr, length) : new Float64Array(memory.buffer, ptr, length);
    },
  };
  heaps.set(memory, heap);
  return heap;
}

/** Builds the backend on loaded kernels. */
export function wasmBackend(kernels: Kernels): Backend {
  const heap = wasmHeap(kernels);
  return {
    ...jsBackend,
    name: 'wasm-simd',
    matmul(a, aBatch, b, bBatch, m, k, n, out) {
      const dtype: DType = out instanceof Float32Array ? 'float32' : 'float64';
      const size = out.BYTES_PER_ELEMENT;
      const block = m * n;
      const [aPtr, bPtr, oPtr] = heap.scratch(a.length * size, b.length * size, block * size);
      heap.view(dtype, aPtr, a.length).set(a);
      heap.view(dtype, bPtr, b.length).set(b);
      const o = heap.view(dtype, oPtr, block);
      const kernel = dtype === 'float32' ? kernels.matmulF32 : kernels.matmulF64;
      for (let t = 0; t < aBatch.length; t++) {
        o.fill(0);
        kernel(aPtr + aBatch[t] * size, bPtr + bBatch[t] * size, oPtr, m, k, n);
        out.set(o, t * block);
      }
    },
  };
}
