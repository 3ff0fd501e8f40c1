/**
 * Matrix helpers built from other ops (no rules of their own): diagonals, trace, triangular masks
 * and vector norms. All act on the last two axes (or the given axes) and batch over the rest.
 */
import { Tensor } from '../tensor';
import { arange, eye } from '../creation';
import { fmt, normalizeAxes } from '../shape';
import { add, ge, gt, le, mul } from './binary';
import { take } from './gather';
import { max, sum, type Axis } from './reduce';
import { expandDims, reshape } from './reshape';
import { abs, sqrt } from './unary';
import { where } from './where';
import { requireTensor, defineMethods } from './util';

function requireMatrix(x: Tensor, op: string): [number, number] {
  requireTensor(x, op);
  if (x.ndim < 2) throw new Error(`${op}: expected a matrix (or a batch of them), got shape ${fmt(x.shape)}`);
  return [x.shape[x.ndim - 2], x.shape[x.ndim - 1]];
}

/**
 * The diagonal of the last two axes: `[..., n, m]` to `[..., k]`. `offset` > 0 picks a diagonal
 * above the main one, < 0 below (as in NumPy).
 */
export function diagonal(x: Tensor, offset = 0): Tensor {
  const [n, m] = requireMatrix(x, 'diagonal');
  if (!Number.isInteger(offset)) throw new Error(`diagonal: offset must be an integer, got ${offset}`);
  const rows = offset >= 0 ? 0 : -offset, cols = offset >= 0 ? offset : 0;
  const k = Math.max(0, Math.min(n - rows, m - cols));
  const flatIndices = Array.from({ length: k }, (_, i) => (rows + i) * m + cols + i);
  return take(reshape(x, [...x.shape.slice(0, -2), n * m]), flatIndices, -1);
}

/**
 * NumPy's diag: a vector becomes the square matrix with it on the diagonal; a matrix gives its
 * diagonal (see {@link diagonal} for batches of matrices).
 */
export function diag(x: Tensor): Tensor {
  requireTensor(x, 'diag');
  if (x.ndim === 1) return mul(expandDims(x, -1), eye(x.shape[0], x.shape[0], { dtype: x.dtype }));
  if (x.ndim === 2) return diagonal(x);
  throw new Error(`diag: expected a vector or a matrix, got shape ${fmt(x.shape)} (use diagonal for batches)`);
}

/**
 * Sum of the diagonal of the last two axes (batched over the others). Function form only: a
 * tensor's `trace` property belongs to the autodiff engine.
 */
export function trace(x: Tensor): Tensor {
  requireMatrix(x, 'trace');
  return sum(diagonal(x), -1);
}

/** 1 where column - row satisfies `keep`, for an n x m matrix. */
function triangleMask(n: number, m: number, keep: (d: Tensor) => Tensor): Tensor {
  const d = add(reshape(arange(m), [1, m]), mul(reshape(arange(n), [n, 1]), -1));
  return keep(d);
}

function requireDiagonal(k: number, op: string): void {
  if (!Number.isInteger(k)) throw new Error(`${op}: k must be an integer, got ${k}`);
}

/** The lower triangle of the last two axes (zeros above diagonal `k`; k > 0 keeps more). */
export function tril(x: Tensor, k = 0): Tensor {
  const [n, m] = requireMatrix(x, 'tril');
  requireDiagonal(k, 'tril');
  return where(triangleMask(n, m, (d) => le(d, k)), x, 0);
}

/** The upper triangle of the last two axes (zeros below diagonal `k`; k < 0 keeps more). */
export function triu(x: Tensor, k = 0): Tensor {
  const [n, m] = requireMatrix(x, 'triu');
  requireDiagonal(k, 'triu');
  return where(triangleMask(n, m, (d) => ge(d, k)), x, 0);
}

/**
 * Vector norm over `axis` (all axes by default, which for a matrix is the Frobenius norm):
 * `ord` 2 (Euclidean, the default), 1 (sum of |x|) or Infinity (max |x|). The 2-norm's gradient at
 * the zero vector is taken as 0 (instead of NaN).
 */
export function norm(x: Tensor, axis?: Axis, keepdims = false, ord = 2): Tensor {
  requireTensor(x, 'norm');
  const axes = normalizeAxes(axis, x.ndim, 'norm');
  if (ord === 1) return sum(abs(x), axes, keepdims);
  if (ord === Infinity) return max(abs(x), axes, keepdims);
  if (ord !== 2) throw new Error(`norm: ord must be 1, 2 or Infinity, got ${ord}`);
  const s = sum(mul(x, x), axes, keepdims);
  // double where: the sqrt branch never sees 0, so no NaN leaks into the gradient at 0
  const positive = gt(s, 0);
  return where(positive, sqrt(where(positive, s, 1)), 0);
}

declare module '../tensor' {
  interface Tensor {
    /** Diagonal of the last two axes; see {@link diagonal}. */ diagonal(offset?: number): Tensor;
    /** Diagonal matrix from a vector, or the diagonal of a matrix; see {@link diag}. */ diag(): Tensor;
    /** Lower triangle; see {@link tril}. */ tril(k?: number): Tensor;
    /** Upper triangle; see {@link triu}. */ triu(k?: number): Tensor;
    /** Vector norm; see {@link norm}. */ norm(axis?: Axis, keepdims?: boolean, ord?: number): Tensor;
  }
}
defineMethods({ diagonal, diag, tril, triu, norm });
