/**
 * Worker threads for large matrix products. Every worker instantiates the same WebAssembly module
 * on the same shared memory, so operands already copied in are visible to all threads; a product
 * is split into column (or row) ranges of C, one per thread, and nothing is copied between them.
 *
 * Each worker owns one control slot of Int32 words in that memory (see {@link SLOT_WORDS}). The
 * main thread writes a task's arguments, bumps `seq` and notifies; the worker runs the kernel,
 * writes `seq` (or `-seq` if the kernel threw) to `done` and notifies. Workers sleep in
 * Atomics.wait between tasks and are unref'd: they never keep a process alive.
 */
import { Worker } from 'node:worker_threads';
import type { WasmMemory, WasmModule } from './wasm';

/** Int32 words per worker control slot. */
export const SLOT_WORDS = 32;
// Word indices inside a slot.
const SEQ = 0, DONE = 1, READY = 2, F32 = 3, ARGS = 4;

// Plain JavaScript, so it runs the same from the compiled dist/ and from TypeScript sources under vitest.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, slot } = workerData;
const ctl = new Int32Array(memory.buffer, slot, ${SLOT_WORDS});
let kernels = null;
try {
  kernels = new WebAssembly.Instance(module, { env: { memory, abort() { throw new Error('wasm kernel aborted'); } } }).exports;
  Atomics.store(ctl, ${READY}, 1);
} catch (e) {
  Atomics.store(ctl, ${READY}, -1);
}
Atomics.notify(ctl, ${READY});
let seen = 0;
while (kernels) {
  Atomics.wait(ctl, ${SEQ}, seen);
  seen = Atomics.load(ctl, ${SEQ});
  if (seen < 0) break;
  const args = Array.from(ctl.subarray(${ARGS}, ${ARGS + 12}));
  let status = seen;
  try { (ctl[${F32}] ? kernels.gemmF32 : kernels.gemmF64)(...args); } catch (e) { status = -seen; }
  Atomics.store(ctl, ${DONE}, status);
  Atomics.notify(ctl, ${DONE});
}
`;

/** A started pool of worker threads, each with its own control slot. */
export interface GemmWorkers {
  /** How many workers are running. */
  readonly count: number;
  /** Starts a gemm on worker `w` with the twelve i32 arguments of gemmF32/gemmF64; returns at once. */
  start(w: number, f32: boolean, args: readonly number[]): void;
  /** Blocks until worker `w` finishes its task; throws if the kernel failed there. */
  finish(w: number): void;
}

/**
 * Starts `count` workers on `module` and `memory`, control slots from byte `control` on, and waits
 * (up to `timeoutMs`) until they are ready. Returns null when they cannot start.
 */
export function startWorkers(module: WasmModule, memory: WasmMemory, control: number, count: number, timeoutMs = 5000): GemmWorkers | null {
  const slots: Int32Array[] = [];
  for (let w = 0; w < count; w++) {
    const slot = control + w * SLOT_WORDS * 4;
    const ctl = new Int32Array(memory.buffer, slot, SLOT_WORDS);
    ctl.fill(0);
    try {
      new Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory, slot } }).unref();
    } catch {
      stop(slots);
      return null;
    }
    slots.push(ctl);
  }
  const deadline = Date.now() + timeoutMs;
  for (const ctl of slots) {
    while (Atomics.load(ctl, READY) === 0 && Date.now() < deadline) Atomics.wait(ctl, READY, 0, deadline - Date.now());
    if (Atomics.load(ctl, READY) !== 1) {
      stop(slots);
      return null;
    }
  }
  return {
    count,
    start(w, f32, args) {
      const ctl = slots[w];
      ctl[F32] = f32 ? 1 : 0;
      ctl.set(args, ARGS);
      Atomics.add(ctl, SEQ, 1);
      Atomics.notify(ctl, SEQ);
    },
    finish(w) {
      const ctl = slots[w];
      const seq = Atomics.load(ctl, SEQ);
      let done: number;
      while (Math.abs((done = Atomics.load(ctl, DONE))) !== seq) Atomics.wait(ctl, DONE, done);
      if (done < 0) throw new Error(`matmul: the WebAssembly kernel failed in worker thread ${w + 1}`);
    },
  };
}

/** Asks workers to exit (a negative seq). */
function stop(slots: Int32Array[]): void {
  for (const ctl of slots) {
    Atomics.store(ctl, SEQ, -1);
    Atomics.notify(ctl, SEQ);
  }
}
