/**
 * Test support for batch (vmap) rules: runs a function once under a BatchTrace, and once per batch
 * element in a loop, so op tests can check that the two agree. Not part of the public API.
 */
import type { Tensor } from '../tensor';
import { BatchTrace, BatchTracer } from '../engine/batching';
import { withTrace } from '../engine/trace';
import { broadcastTo } from './broadcast';
import { stack } from './concat';
import { expandDims } from './reshape';
import { slice } from './slice';
import { moveaxis } from './transpose';

type Fn = (...args: Tensor[]) => Tensor;

const batchSize = (args: readonly Tensor[], dims: readonly (number | null)[]) => {
  const i = dims.findIndex((d) => d !== null);
  return args[i].shape[dims[i] as number];
};

/** f applied through the batch rules, with args batched along `dims` (null = shared); batch axis first. */
export function viaBatchRules(f: Fn, args: readonly Tensor[], dims: readonly (number | null)[]): Tensor {
  const n = batchSize(args, dims);
  return withTrace(new BatchTrace(n), (trace) => {
    const out = f(...args.map((a, i) => new BatchTracer(trace, a, dims[i])));
    if (out instanceof BatchTracer && out.trace === trace) return out.bdim === null ? broadcastTo(expandDims(out.val, 0), [n, ...out.val.shape]) : moveaxis(out.val, out.bdim, 0);
    return broadcastTo(expandDims(out, 0), [n, ...out.shape]);
  });
}

/** f applied to each batch element in turn, the results stacked along a new first axis. */
export function viaLoop(f: Fn, args: readonly Tensor[], dims: readonly (number | null)[]): Tensor {
  const n = batchSize(args, dims);
  const pick = (a: Tensor, d: number | null, i: number) => (d === null ? a : slice(a, [...Array(d).fill(null), i]));
  return stack(Array.from({ length: n }, (_, i) => f(...args.map((a, j) => pick(a, dims[j], i)))));
}
