/**
 * log|det J| of a map f: R^n -> R^n, the volume change that normalizing flows need, computed as
 * cheaply as the map's structure allows and differentiable (so flows can be trained by grad).
 */
import type { Tensor } from '../tensor';
import { fmt, shapeEq } from '../shape';
import { onesLike } from '../creation';
import { Generator, randn } from '../random';
import { abs, log } from '../ops/unary';
import { sum } from '../ops/reduce';
import { slogdet } from '../ops/linalg';
import { diagonal } from '../ops/matrix';
import { jvp } from './autodiff';
import { jacfwd } from './jacobian';

/**
 * What is known about the Jacobian's structure:
 * - 'elementwise': y_i depends on x_i only (diagonal J): ONE jvp with a ones tangent gives the
 *   diagonal, O(n) work beyond f.
 * - 'triangular': autoregressive or coupling maps (J lower or upper triangular): J by one batched
 *   forward pass, then the determinant from its diagonal in O(n) instead of an O(n³) factorization.
 * - 'general': J by one batched forward pass, then slogdet (LU).
 * - 'auto' (default): tests for a diagonal J with two jvps (J·1 and J·v for a random v), then for a
 *   triangular J by its values; where values cannot be read (inside vmap) it uses 'general'.
 */
export type JacobianStructure = 'auto' | 'elementwise' | 'triangular' | 'general';

/** Options for {@link logAbsDetJacobian}. */
export interface LogAbsDetOptions {
  structure?: JacobianStructure;
}

/**
 * Returns `x => log|det ∂f/∂x|` for f mapping a vector of n elements to a vector of n elements.
 * The result is a scalar tensor, differentiable with respect to x and to anything f closes over.
 *
 * @example The change-of-variables term of an elementwise affine flow:
 * ```ts
 * const logDet = logAbsDetJacobian((x: Tensor) => add(mul(exp(s), x), b), { structure: 'elementwise' })(x); // = sum(s)
 * ```
 */
export function logAbsDetJacobian(f: (x: Tensor) => Tensor, options: LogAbsDetOptions = {}): (x: Tensor) => Tensor {
  if (typeof f !== 'function') throw new TypeError('logAbsDetJacobian: first argument must be a function');
  const structure = options.structure ?? 'auto';
  if (!['auto', 'elementwise', 'triangular', 'general'].includes(structure)) {
    throw new Error(`logAbsDetJacobian: structure must be 'auto', 'elementwise', 'triangular' or 'general', got ${JSON.stringify(structure)}`);
  }
  return (x: Tensor) => {
    if (x.ndim !== 1) throw new Error(`logAbsDetJacobian: x must be a vector (1-D), got shape ${fmt(x.shape)}; use vmap for a batch`);
    const sumLogAbs = (d: Tensor) => sum(log(abs(d)));
    if (structure === 'elementwise') return sumLogAbs(checkedJvp(f, x, onesLike(x)));
    if (structure === 'auto') {
      const d = checkedJvp(f, x, onesLike(x));
      const v = randn(x.shape, { generator: new Generator(x.size), dtype: x.dtype });
      if (isDiagonal(d, v, checkedJvp(f, x, v))) return sumLogAbs(d);
    }
    const J = jacfwd(f)(x);
    if (structure === 'triangular' || (structure === 'auto' && isTriangular(J))) return sumLogAbs(diagonal(J));
    return slogdet(J).logabsdet;
  };
}

function checkedJvp(f: (x: Tensor) => Tensor, x: Tensor, t: Tensor): Tensor {
  const [y, dy] = jvp(f, [x], [t]);
  if (!shapeEq(y.shape, x.shape)) throw new Error(`logAbsDetJacobian: f must map shape ${fmt(x.shape)} to the same shape, got ${fmt(y.shape)}`);
  return dy;
}

/** The values of t, or null where they cannot be read (a tracer inside vmap). */
function values(t: Tensor): ArrayLike<number> | null {
  try {
    return t.concrete().data;
  } catch {
    return null;
  }
}

/** J is diagonal iff J·v = (J·1)⊙v for a random v (with probability 1). */
function isDiagonal(d: Tensor, v: Tensor, jv: Tensor): boolean {
  const [dd, vv, jj] = [d, v, jv].map(values);
  if (dd === null || vv === null || jj === null) return false;
  for (let i = 0; i < dd.length; i++) {
    const want = dd[i] * vv[i];
    if (!(Math.abs(jj[i] - want) <= 1e-9 * (1 + Math.abs(want)))) return false;
  }
  return true;
}

function isTriangular(J: Tensor): boolean {
  const a = values(J);
  if (a === null) return false;
  const n = J.shape[0];
  let lower = true, upper = true;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (a[i * n + j] === 0) continue;
      if (j > i) lower = false;
      if (j < i) upper = false;
    }
  }
  return lower || upper;
}

