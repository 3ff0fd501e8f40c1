/**
 * Broadcasting undone in one place. Binary ops broadcast their inputs, so a JVP contribution may be
 * smaller than the output (broadcast it up) and a VJP cotangent larger than the input (sum it down).
 * Mixed dtypes promote, so derivatives are cast back to the dtype of what they belong to.
 */
import type { Tensor } from '../tensor';
import { fmt, shapeEq } from '../shape';
import { astype } from '../ops/astype';
import { broadcastTo } from '../ops/broadcast';
import { sum } from '../ops/reduce';
import { reshape } from '../ops/reshape';

/** Broadcasts a JVP contribution up to the output `like` and casts it to the output's dtype. */
export function fitTangent(t: Tensor, like: Tensor, op: string): Tensor {
  let r = t;
  if (!shapeEq(r.shape, like.shape)) {
    if (!broadcastsTo(r.shape, like.shape)) throw new Error(`${op}: its JVP rule returned shape ${fmt(r.shape)}, which does not broadcast to the output shape ${fmt(like.shape)}`);
    r = broadcastTo(r, like.shape);
  }
  if (r.dtype !== like.dtype) r = astype(r, like.dtype);
  return r;
}

/** Sums a cotangent down to `shape` (undoing broadcasting) and casts it to `dtype`. */
export function fitCotangent(g: Tensor, shape: readonly number[], dtype: Tensor['dtype'], op: string): Tensor {
  let r = g;
  if (!shapeEq(r.shape, shape)) {
    if (!broadcastsTo(shape, r.shape)) throw new Error(`${op}: its VJP rule returned shape ${fmt(r.shape)} for an input of shape ${fmt(shape)}`);
    const lead = r.ndim - shape.length;
    const axes: number[] = [];
    for (let i = 0; i < r.ndim; i++) {
      if (i < lead || (shape[i - lead] === 1 && r.shape[i] !== 1)) axes.push(i);
    }
    // Summing only the added leading axes lands on `shape` directly (the common bias gradient).
    r = axes.every((a) => a < lead) ? sum(r, axes) : reshape(sum(r, axes, true), shape);
  }
  if (r.dtype !== dtype) r = astype(r, dtype);
  return r;
}

/** Whether `from` broadcasts to exactly `to` (NumPy rules, one way). */
function broadcastsTo(from: readonly number[], to: readonly number[]): boolean {
  const lead = to.length - from.length;
  return lead >= 0 && from.every((d, i) => d === to[lead + i] || d === 1);
}
