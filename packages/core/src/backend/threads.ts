/**
 * Worker threads for large matrix products. Every worker instantiates the same WebAssembly module
 * on the same shared memory, so operands already copied in are visible to all threads and nothing
 * is copied between them.
 *
 * A product is cut into parts (ranges of C's rows or columns, see gemmPart in assembly/matmul.ts)
 * that the main thread and the workers *claim* one at a time from a shared counter, so a worker
 * the OS has not scheduled (the machine is busy) delays the product by at most the part it holds,
 * never by its whole share. Shared control words, at byte `control` of the memory:
 *   WAKE       bumped (and notified) to wake sleeping workers; -1 tells them to exit;
 *   CLAIM      (parts << 16) | next unclaimed part — one word, so a claim is one compareExchange
 *              that can only succeed on the product being computed now;
 *   COMPLETED  parts finished (the main thread sleeps on it); FAILED: set if a kernel threw;
 *   F32, ARGS  the kernel's dtype and its first eleven arguments (m, n, k, a, rsA, csA, b, rsB,
 *              csB, c, ldc), written before CLAIM publishes the product;
 *   READY + w  1 once worker w has instantiated the module (-1 if it could not).
 * Workers sleep in Atomics.wait between products and are unref'd: they never keep a process alive.
 */
import { Worker } from 'node:worker_threads';
import type { WasmMemory, WasmModule } from './wasm';

const WAKE = 0, CLAIM = 1, COMPLETED = 2, FAILED = 3, F32 = 4, ARGS = 5, READY = 16;
/** Most parts one product may be cut into (the part counter has 15 bits). */
export const MAX_PARTS = 0x7fff;
/** Bytes of control words needed for `workers` workers. */
export const controlBytes = (workers: number) => (READY + workers) * 4;

// Claims and runs parts until none is left; returns how many it ran. Shared, as source text, by the main thread and the
// workers, so both follow exactly the same protocol.
const DRAIN_SOURCE = `(ctl, kernels, work) => {
  for (let ran = 0; ; ran++) {
    const v = Atomics.load(ctl, ${CLAIM});
    const parts = v >>> 16, part = v & 0xffff;
    if (part >= parts) return ran;
    if (Atomics.compareExchange(ctl, ${CLAIM}, v, v + 1) !== v) { ran--; continue; }
    // The claim succeeded, so this product is unfinished and ARGS are its arguments.
    const args = Array.from(ctl.subarray(${ARGS}, ${ARGS + 11}));
    try {
      (ctl[${F32}] ? kernels.gemmF32 : kernels.gemmF64)(...args, work, part, parts);
    } catch (e) {
      Atomics.store(ctl, ${FAILED}, 1);
    }
    if (Atomics.add(ctl, ${COMPLETED}, 1) + 1 === parts) Atomics.notify(ctl, ${COMPLETED});
  }
}`;

// Plain JavaScript, so it runs the same from the compiled dist/ and from TypeScript sources under vitest.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, index, work } = workerData;
const ctl = new Int32Array(memory.buffer, control, ${READY} + index + 1);
const drain = ${DRAIN_SOURCE};
let kernels = null;
try {
  kernels = new WebAssembly.Instance(module, { env: { memory, abort() { throw new Error('wasm kernel aborted'); } } }).exports;
  Atomics.store(ctl, ${READY} + index, 1);
} catch (e) {
  Atomics.store(ctl, ${READY} + index, -1);
}
Atomics.notify(ctl, ${READY} + index);
let seen = Atomics.load(ctl, ${WAKE});
while (kernels && seen >= 0) {
  drain(ctl, kernels, work);
  Atomics.wait(ctl, ${WAKE}, seen);
  seen = Atomics.load(ctl, ${WAKE});
}
`;

/** The kernels a product runs (gemmF32/gemmF64 of the module, with their 14 arguments). */
export type GemmKernels = Record<'gemmF32' | 'gemmF64', (...args: number[]) => void>;

/** What the main thread did of a product: how many parts, in how many seconds. */
export interface OwnShare {
  readonly parts: number;
  readonly seconds: number;
}

/** Worker threads sharing one control area, and the main thread's part in a product. */
export interface GemmWorkers {
  /** How many workers are running. */
  readonly count: number;
  /**
   * Computes one product cut into `parts` parts, on the main thread (with `kernels` and
   * workspace `work`) and up to `helpers` workers; returns when every part is done.
   * `args` are the kernel's first eleven arguments. Returns the main thread's own share of the
   * work; throws if a kernel failed.
   */
  run(kernels: GemmKernels, work: number, f32: boolean, args: readonly number[], parts: number, helpers: number): OwnShare;
}

/**
 * Starts `count` workers on `module` and `memory`, with control words at byte `control`
 * ({@link controlBytes}) and worker w's workspace at `workspace(w)`, and waits (up to `timeoutMs`)
 * until they are ready. Returns null when they cannot start.
 */
export function startWorkers(module: WasmModule, memory: WasmMemory, control: number, count: number, workspace: (w: number) => number, timeoutMs = 5000): GemmWorkers | null {
  const ctl = new Int32Array(memory.buffer, control, READY + count);
  ctl.fill(0);
  const stop = () => {
    Atomics.store(ctl, WAKE, -1);
    Atomics.notify(ctl, WAKE);
  };
  try {
    for (let index = 0; index < count; index++) {
      new Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory, control, index, work: workspace(index) } }).unref();
    }
  } catch {
    stop();
    return null;
  }
  const deadline = Date.now() + timeoutMs;
  for (let w = READY; w < READY + count; w++) {
    while (Atomics.load(ctl, w) === 0 && Date.now() < deadline) Atomics.wait(ctl, w, 0, deadline - Date.now());
    if (Atomics.load(ctl, w) !== 1) {
      stop();
      return null;
    }
  }
  const drain = new Function(`return ${DRAIN_SOURCE}`)() as (ctl: Int32Array, kernels: GemmKernels, work: number) => number;
  return {
    count,
    run(kernels, work, f32, args, parts, helpers) {
      if (parts < 1 || parts > MAX_PARTS) throw new RangeError(`matmul: cannot cut a product into ${parts} parts`);
      ctl[F32] = f32 ? 1 : 0;
      ctl.set(args, ARGS);
      ctl[COMPLETED] = 0;
      ctl[FAILED] = 0;
      Atomics.store(ctl, CLAIM, parts << 16); // publishes the product: parts can be claimed from now on
      Atomics.add(ctl, WAKE, 1);
      Atomics.notify(ctl, WAKE, helpers);
      const start = performance.now();
      const own = drain(ctl, kernels, work);
      const seconds = (performance.now() - start) / 1000;
      let done: number;
      while ((done = Atomics.load(ctl, COMPLETED)) < parts) Atomics.wait(ctl, COMPLETED, done);
      if (ctl[FAILED]) throw new Error('matmul: the WebAssembly kernel failed in a worker thread');
      return { parts: own, seconds };
    },
  };
}

/**
 * When workers get no CPU (other processes keep the cores busy), a threaded product waits for
 * them and is slower than one thread would have been. After each such product, BackOff keeps the
 * next `backoff` products on one thread, doubling that count (up to `limit`) while it keeps
 * happening and forgetting it after a product where threads paid.
 */
export class BackOff {
  private skip = 0;
  private backoff = 1;
  constructor(private readonly limit = 256) {}

  /** Whether the next eligible product should use threads (counts a skipped one). */
  useThreads(): boolean {
    if (this.skip === 0) return true;
    this.skip--;
    return false;
  }

  /** Records a threaded product's wall time against what one thread alone would have taken. */
  record(seconds: number, aloneSeconds: number): void {
    if (seconds > aloneSeconds) {
      this.skip = this.backoff;
      this.backoff = Math.min(2 * this.backoff, this.limit);
    } else {
      this.skip = 0;
      this.backoff = 1;
    }
  }
}

