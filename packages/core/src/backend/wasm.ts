/**
 * The WebAssembly SIMD backend (built to wasm/kernels.wasm by `npm run build`): matrix products by
 * the blocked GEMM of assembly/matmul.ts, run on up to {@link MAX_THREADS} threads for large
 * products; elementwise maps, reductions and strided copies by wasm_elementwise.ts; the JavaScript
 * kernels for everything else.
 *
 * Memory model: the module imports one *shared* linear memory (so worker threads can run the same
 * kernels on it). Kernels read and write raw pointers into it: operands are copied in, the kernel
 * runs, and the result is copied out — O(n²) copies for O(n³) work. Layout:
 *   [0, 64 KiB)                 reserved for the module's own static data;
 *   [CONTROL, WORK)             the words threads coordinate through (threads.ts);
 *   [WORK, scratchBase)         one GEMM packing workspace per thread (main thread first);
 *   [scratchBase, ...)          the scratch region: every kernel call lays out its operands from
 *                               its start ({@link WasmHeap.scratch}), and memory grows (never
 *                               shrinks) to fit the largest call so far, up to 2 GiB.
 * Kernel calls are synchronous and never nested (the main thread waits for its workers), so one
 * scratch region serves every kernel family, elementwise ones included.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { DType, TypedArray } from '../dtype';
import type { Backend } from './backend';
import { jsBackend } from './js';
import { BackOff, controlBytes, startWorkers, type GemmKernels, type GemmWorkers } from './threads';
import { elementwiseMethods, type ElementwiseKernels } from './wasm_elementwise';

/** A compiled WebAssembly.Module (opaque here). */
export type WasmModule = object;
/** The part of WebAssembly.Memory used here. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
// The few WebAssembly API types used here (the ES lib this package compiles against has none).
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
};

/** Signature of the GEMM kernels (part `part` of `parts` of C = A @ B); see assembly/matmul.ts. */
type Gemm = (m: number, n: number, k: number, a: number, rsA: number, csA: number, b: number, rsB: number, csB: number, c: number, ldc: number, work: number, part: number, parts: number) => void;

/** The exports of wasm/kernels.wasm, with the memory and module they run on. */
export interface Kernels extends ElementwiseKernels {
  readonly memory: WasmMemory;
  readonly module: WasmModule;
  gemmF32: Gemm;
  gemmF64: Gemm;
  gemmWorkspaceBytes(): number;
}

/** Where the build puts the module: <package>/wasm/kernels.wasm, two levels above src/ and dist/ files. */
export const WASM_PATH = join(__dirname, '..', '..', 'wasm', 'kernels.wasm');

/** Most threads a product is split over (the main thread included). */
export const MAX_THREADS = 4;
const PAGE = 65536;
const align = (x: number, to: number) => Math.ceil(x / to) * to;
/** 2 GiB: keeps every byte address a positive i32 (must match --maximumMemory of build:wasm). */
const MAX_PAGES = 32768;
const CONTROL = PAGE;
const WORK = CONTROL + align(controlBytes(MAX_THREADS - 1), PAGE);

/** Loads the SIMD kernels, or returns null (with the reason) when they are not built or not supported. */
export function loadWasmKernels(path = WASM_PATH): { kernels: Kernels | null; reason?: string } {
  try {
    const module = new WebAssembly.Module(readFileSync(path));
    const memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
    const abort = () => { throw new Error('wasm kernel aborted'); };
    const { exports } = new WebAssembly.Instance(module, { env: { memory, abort } });
    return { kernels: { ...(exports as Omit<Kernels, 'memory' | 'module'>), memory, module } };
  } catch (e) {
    return { kernels: null, reason: (e as Error).message };
  }
}

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
  /** Byte address of thread `t`'s GEMM workspace (t < {@link MAX_THREADS}). */
  workspace(t: number): number;
}

const heaps = new WeakMap<WasmMemory, WasmHeap>();

/** The heap helpers of a loaded module (one per memory, shared by every kernel family). */
export function wasmHeap(kernels: Kernels): WasmHeap {
  const { memory } = kernels;
  let heap = heaps.get(memory);
  if (heap) return heap;
  const workBytes = align(kernels.gemmWorkspaceBytes(), PAGE);
  const scratchBase = WORK + MAX_THREADS * workBytes;
  const reserve = (end: number) => {
    if (end > MAX_PAGES * PAGE) {
      throw new RangeError(`wasm backend: operands of ${end - scratchBase} bytes do not fit in its 2 GiB of WebAssembly memory; setBackend(jsBackend) handles arrays this large`);
    }
    const need = end - memory.buffer.byteLength;
    if (need > 0) memory.grow(Math.ceil(need / PAGE));
  };
  reserve(scratchBase);
  heap = {
    scratch(...bytes) {
      const ptrs: number[] = [];
      let end = scratchBase;
      for (const b of bytes) {
        ptrs.push(end);
        end = align(end + b, 16);
      }
      reserve(end);
      return ptrs;
    },
    view(dtype, ptr, length) {
      return dtype === 'float32' ? new Float32Array(memory.buffer, ptr, length) : new Float64Array(memory.buffer, ptr, length);
    },
    workspace: (t) => WORK + t * workBytes,
  };
  heaps.set(memory, heap);
  return heap;
}

/** Options of {@link wasmBackend}. */
export interface WasmBackendOptions {
  /**
   * Threads a large matrix product may use, the main thread included (1 = never start workers).
   * Default: the JACOBI_THREADS environment variable, else the available cores, at most
   * {@link MAX_THREADS}. Workers start on the first product that wants them; all backends on one
   * module share them (as many as the first one wanted).
   */
  threads?: number;
  /** Smallest m·n·k a product needs to be split over threads (default {@link PARALLEL_MIN_WORK}). */
  parallelMinWork?: number;
  /**
   * Whether to fall back to one thread for a while after threads did not pay, i.e. when other
   * processes keep the cores busy (default true; see {@link BackOff}). False always splits.
   */
  backOff?: boolean;
}

/**
 * Below this many multiply-adds a product runs on one thread: waking a sleeping worker takes tens
 * of µs and each part packs the shared operand again, while a 128³ product takes ~150 µs on one
 * thread. bench/matmul.bench.mjs prints the crossover on the machine at hand.
 */
export const PARALLEL_MIN_WORK = 128 * 128 * 128;
/** Parts per thread a threaded product is cut into: more balances load, fewer packs less. */
const PARTS_PER_THREAD = 3;

function defaultThreads(): number {
  const env = Number(process.env.JACOBI_THREADS);
  const wanted = Number.isInteger(env) && env >= 1 ? env : availableParallelism();
  return Math.max(1, Math.min(MAX_THREADS, wanted));
}

// Workers are started once per memory, on the first product big enough to want them.
const pools = new WeakMap<WasmMemory, GemmWorkers | null>();
function workersFor(kernels: Kernels, heap: WasmHeap, count: number): GemmWorkers | null {
  if (!pools.has(kernels.memory)) pools.set(kernels.memory, startWorkers(kernels.module, kernels.memory, CONTROL, count, (w) => heap.workspace(w + 1)));
  return pools.get(kernels.memory)!;
}

/** Builds the backend on loaded kernels. */
export function wasmBackend(kernels: Kernels, options: WasmBackendOptions = {}): Backend {
  const heap = wasmHeap(kernels);
  const threads = Math.max(1, Math.min(MAX_THREADS, options.threads ?? defaultThreads()));
  const minWork = options.parallelMinWork ?? PARALLEL_MIN_WORK;
  const backOff = options.backOff === false ? null : new BackOff();

  /** C (m x n at c, row stride n) = A @ B, split over threads when it pays; strides as in gemm. */
  function gemm(f32: boolean, args: [m: number, n: number, k: number, a: number, rsA: number, csA: number, b: number, rsB: number, csB: number, c: number, ldc: number]): void {
    const [m, n, k] = args;
    // Parts of at least 64 columns or 32 rows (the side of C the kernel splits): smaller ones
    // would spend more on packing the other operand than they gain.
    const parts = Math.min(PARTS_PER_THREAD * threads, Math.floor(n >= m ? n / 64 : m / 32));
    const wanted = threads > 1 && parts > 1 && m * n * k >= minWork && (backOff?.useThreads() ?? true);
    const pool = wanted ? workersFor(kernels, heap, threads - 1) : null;
    if (!pool) {
      (f32 ? kernels.gemmF32 : kernels.gemmF64)(...args, heap.workspace(0), 0, 1);
      return;
    }
    const start = performance.now();
    const own = pool.run(kernels as unknown as GemmKernels, heap.workspace(0), f32, args, parts, threads - 1);
    // What one thread would have taken: the main thread's time per part, times all the parts.
    if (own.parts > 0) backOff?.record((performance.now() - start) / 1000, (own.seconds * parts) / own.parts);
  }

  return {
    ...jsBackend,
    ...elementwiseMethods(kernels, heap),
    name: 'wasm-simd',
    matmul(a, aBatch, b, bBatch, m, k, n, out, transA = false, transB = false) {
      const f32 = out instanceof Float32Array;
      const dtype: DType = f32 ? 'float32' : 'float64';
      const size = out.BYTES_PER_ELEMENT;
      const [aPtr, bPtr, oPtr] = heap.scratch(a.length * size, b.length * size, out.length * size);
      heap.view(dtype, aPtr, a.length).set(a);
      heap.view(dtype, bPtr, b.length).set(b);
      // Element (i, p) of A sits at i*rsA + p*csA (stored [k, m] when transposed); likewise B.
      const [rsA, csA] = transA ? [1, m] : [k, 1];
      const [rsB, csB] = transB ? [1, k] : [n, 1];
      for (let t = 0; t < aBatch.length; t++) {
        gemm(f32, [m, n, k, aPtr + aBatch[t] * size, rsA, csA, bPtr + bBatch[t] * size, rsB, csB, oPtr + t * m * n * size, n]);
      }
      out.set(heap.view(dtype, oPtr, out.length));
    },
  };
}
