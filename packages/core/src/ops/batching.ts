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

/** The batching rule of an op that maps each element (or broadcasts its operands): align and apply. */
export function broadcastingBatch<P>(prim: () => Primitive<P>): BatchRule<P> {
  return (args, dims, params) => [bind(prim(), alignBatched(args, dims), params), 0];
}
