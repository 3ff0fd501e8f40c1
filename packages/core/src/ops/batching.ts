/** Helpers for vmap batching rules. */
import type { Tensor } from '../tensor';
import type { BatchRule, Primitive } from '../engine/primitive';
import { bind } from '../engine/trace';
import { reshape } from './reshape';
import { moveaxis } from './transpose';

/** Moves the batch axis `d` of `x` to the front (no-op for unbatched values). */
export function batchToFront(x: Tensor, d: number | null): Tensor {
  return d === null || d === 0 ? x : moveaxis(x, d, 0);
}

/**
 * Puts every batched argument's batch axis first and pads it with unit axes to the common rank of
 * the unbatched shapes, so NumPy broadcasting lines the rest up exactly as without the batch.
 */
export function alignBatched(args: readonly Tensor[], dims: readonly (number | null)[]): Tensor[] {
  const rank = Math.max(...args.map((a, i) => a.ndim - (dims[i] === null ? 0 : 1)));
  return args.map((a, i) => {
    const d = dims[i];
    if (d === null) return a;
    const front = batchToFront(a, d);
    const rest = front.shape.slice(1);
    return rest.length === rank ? front : reshape(front, [front.shape[0], ...Array(rank - rest.length).fill(1), ...rest]);
  });
}

/**
 * Lines arguments up for broadcasting with the batch axis left where it is, when every batched
 * argument has it at the same place `d` and has the full rank: unbatched arguments get a unit axis
 * at `d` instead (a reshape, no copy). Null when that does not apply (then use
 * {@link alignBatched}, which moves batch axes to the front, a copy each).
 */
export function alignBatchedInPlace(args: readonly Tensor[], dims: readonly (number | null)[]): [Tensor[], number] | null {
  const rank = Math.max(...args.map((a, i) => a.ndim - (dims[i] === null ? 0 : 1)));
  const d = dims.find((x) => x !== null);
  if (d === undefined || d === null || d === 0) return null;
  if (!args.every((a, i) => dims[i] === null || (dims[i] === d && a.ndim === rank + 1))) return null;
  const aligned = args.map((a, i) => {
    if (dims[i] !== null) return a;
    const full = [...Array(rank - a.ndim).fill(1), ...a.shape];
    full.splice(d, 0, 1);
    return reshape(a, full);
  });
  return [aligned, d];
}

/**
 * The batching rule of an op that maps each element (or broadcasts its operands): align and apply.
 * A batch axis that is not in front stays where it is when it can (vmap over columns, and the
 * batch-last tangents of jacfwd, then need no transposes).
 */
export function broadcastingBatch<P>(prim: () => Primitive<P>): BatchRule<P> {
  return (args, dims, params) => {
    const inPlace = alignBatchedInPlace(args, dims);
    if (inPlace !== null) return [bind(prim(), inPlace[0], params), inPlace[1]];
    return [bind(prim(), alignBatched(args, dims), params), 0];
  };
}
