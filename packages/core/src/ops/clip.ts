import { Tensor, type TensorLike } from '../tensor';
import { gt, lt } from './binary';
import { where } from './where';
import { requireTensor, defineMethods } from './util';

/**
 * Limits `x` to [lo, hi] elementwise (either bound may be null for no limit; bounds broadcast).
 * The gradient is 1 where x is within the bounds (inclusive) and flows to the bound elsewhere.
 */
export function clip(x: Tensor, lo: TensorLike | null, hi: TensorLike | null): Tensor {
  requireTensor(x, 'clip');
  if (typeof lo === 'number' && typeof hi === 'number' && lo > hi) throw new Error(`clip: lower bound ${lo} is above upper bound ${hi}`);
  let r = x;
  if (lo !== null && lo !== undefined) r = where(lt(r, lo), lo, r);
  if (hi !== null && hi !== undefined) r = where(gt(r, hi), hi, r);
  return r;
}

declare module '../tensor' {
  interface Tensor {
    /** Limits values to [lo, hi]; see {@link clip}. */ clip(lo: TensorLike | null, hi: TensorLike | null): Tensor;
  }
}
defineMethods({ clip });
