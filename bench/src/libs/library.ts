/** What each library adapter provides to the child process that times it. */
import type { DType, Inputs, Workload } from '../workloads';

/**
 * A workload set up in one library: `step` computes once and returns when the results are ready
 * (lazy libraries are awaited), `read` gives the output arrays in the workload's order.
 */
export interface Prepared<Out = unknown> {
  step(): Out | Promise<Out>;
  read(out: Out): ArrayLike<number>[] | Promise<ArrayLike<number>[]>;
  /** Frees the results of one step (libraries with manual memory management). */
  release(out: Out): void;
  /** Facts worth recording, e.g. the backend in use. */
  info: Record<string, unknown>;
}

/** A library adapter: sets up a workload on the given inputs and dtype. */
export type Adapter = (w: Workload, inputs: Inputs, dtype: DType) => Promise<Prepared<any>>;

/** Converts float64 inputs to the measured dtype (every library rounds the same way). */
export function typed(data: Float64Array, dtype: DType): Float32Array | Float64Array {
  return dtype === 'float32' ? Float32Array.from(data) : data;
}
