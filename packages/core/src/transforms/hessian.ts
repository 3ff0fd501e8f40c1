/**
 * Second derivatives and linear maps: the Hessian (forward over reverse), Hessian-vector products
 * that never form the Hessian, linearize (the JVP at a point as a reusable linear function) and
 * linearTranspose (the transpose of a linear function).
 */
import type { Tensor } from '../tensor';
import { zerosLike } from '../creation';
import { grad, jvp, vjp } from './autodiff';
import { jacfwd, jacrev, type JacobianOptions } from './jacobian';
import { treeFlatten, treeLeavesLike, treeMap } from './tree';
import { fmt, shapeEq } from '../shape';

/** Refuses `v` unless it has the structure and shapes of `like`, naming `op` and the mismatch. */
function requireLike(like: unknown, v: unknown, op: string, what: string): void {
  const want = treeFlatten(like, op)[0];
  treeLeavesLike(like, v, `${op} (${what})`).forEach((t, i) => {
    if (!shapeEq(t.shape, want[i].shape)) throw new Error(`${op}: ${what} (leaf ${i}) has shape ${fmt(t.shape)} but should have shape ${fmt(want[i].shape)}`);
  });
}

/**
 * The Hessian of a scalar-valued `f`: jacfwd of jacrev (forward over reverse), shape
 * [...x.shape, ...x.shape] for a tensor argument, nested for pytrees and several `argnums`.
 *
 * @example
 * ```ts
 * const H = hessian((x: Tensor) => sum(mul(x, x).mul(x)))(tensor([1, 2])); // [[6, 0], [0, 12]]
 * ```
 */
export function hessian<A extends any[]>(f: (...args: A) => Tensor, options: JacobianOptions = {}): (...args: A) => any {
  if (typeof f !== 'function') throw new TypeError('hessian: first argument must be a function');
  return jacfwd(jacrev(f, options), options);
}

/**
 * Hessian-vector product H·v of a scalar-valued `f` at `x` (a tensor or pytree), by forward mode
 * over reverse mode: one gradient evaluation pushed along v, without forming H.
 */
export function hvp<X>(f: (x: X) => Tensor, x: X, v: X): X {
  requireLike(x, v, 'hvp', 'v');
  return jvp((y: X) => grad(f)(y) as X, [x], [v])[1];
}

/**
 * Vector-Hessian product vᵀ·H of a scalar-valued `f` at `x`, by reverse mode over reverse mode
 * (equal to H·v, as H is symmetric, but computed by the pullback of the gradient).
 */
export function vhp<X>(f: (x: X) => Tensor, x: X, v: X): X {
  requireLike(x, v, 'vhp', 'v');
  const [, pullback] = vjp((y: X) => grad(f)(y) as X, x);
  return pullback(v)[0] as X;
}

/**
 * Evaluates `f` at `primals` and returns `[out, jvpFn]`, where `jvpFn(...tangents)` is J·tangents
 * at that point. The forward pass and one backward pass are recorded once; each jvpFn call then
 * transposes that backward pass (J·t is the VJP of the linear map u ↦ Jᵀu), so f is never
 * evaluated again.
 */
export function linearize<A extends any[], R>(f: (...args: A) => R, ...primals: A): [R, (...tangents: A) => R] {
  const [out, pullback] = vjp(f, ...primals);
  const [, transpose] = vjp((u: R) => pullback(u) as unknown as A, treeMap((o) => zerosLike(o), out));
  return [
    out,
    (...tangents: A) => {
      requireLike(primals, tangents, 'linearize', 'the tangents');
      return transpose(tangents)[0] as R;
    },
  ];
}

/**
 * The transpose of a linear function: given `linearFn` and example arguments (only their shapes
 * and dtypes matter), returns `ct => [...cotangents]` with one cotangent per argument, so that
 * ⟨ct, L(x)⟩ = ⟨Lᵀ(ct), x⟩. The function is traced once; each call is one backward pass.
 * `linearFn` must be linear: the result is its VJP at zero.
 */
export function linearTranspose<A extends any[], R>(linearFn: (...args: A) => R, ...primalExamples: A): (cotangent: R) => any[] {
  const zerosAt = primalExamples.map((p) => treeMap((t) => zerosLike(t), p)) as A;
  const [out, pullback] = vjp(linearFn, ...zerosAt);
  return (cotangent: R) => {
    requireLike(out, cotangent, 'linearTranspose', 'the cotangent');
    return pullback(cotangent);
  };
}
