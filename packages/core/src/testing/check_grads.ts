/**
 * checkGrads: verifies a function's derivatives the way JAX's check_grads does.
 * - forward mode: jvp(f, x, v) against central finite differences in float64;
 * - reverse mode: the pullback against forward mode by the identity <u, J v> = <Jᵀu, v>, along
 *   random directions u and v;
 * - order 2 (or more): the same checks applied to the jvp and vjp functions themselves, which
 *   covers forward-over-forward, reverse-over-forward, forward-over-reverse and reverse-over-reverse.
 */
import { Tensor } from '../tensor';
import { astype } from '../ops/astype';
import { add, mul, sub, div } from '../ops/binary';
import { sum } from '../ops/reduce';
import { jvp, vjp } from '../transforms/autodiff';
import { treeFlatten } from '../transforms/tree';
import { Generator, randn } from '../random';

/** Options for {@link checkGrads}. */
export interface CheckGradsOptions {
  /** Highest derivative order to check (default 2). */
  order?: number;
  /** Which modes to check (default both). */
  modes?: readonly ('fwd' | 'rev')[];
  /** Finite-difference step (default 1e-5, in float64). */
  eps?: number;
  /** Relative tolerance (default 1e-5). */
  rtol?: number;
  /** Absolute tolerance (default 1e-6). */
  atol?: number;
  /** Seed for the random directions (default 0). */
  seed?: number;
}

type Fn = (...args: Tensor[]) => unknown;

/**
 * Checks the derivatives of `f` at `args`, throwing an Error that names the failed check and the
 * largest discrepancy. Arguments are converted to float64 first.
 */
export function checkGrads(f: Fn, args: readonly Tensor[], options: CheckGradsOptions = {}): void {
  const opts = { order: 2, modes: ['fwd', 'rev'] as const, eps: 1e-5, rtol: 1e-5, atol: 1e-6, seed: 0, ...options };
  const gen = new Generator(opts.seed);
  check(f, args.map((a) => astype(a, 'float64')), opts.order, opts, gen, 'f');
}

function check(f: Fn, args: Tensor[], order: number, opts: Required<CheckGradsOptions>, gen: Generator, label: string): void {
  const v = args.map((a) => randn(a.shape, { generator: gen }));
  if (opts.modes.includes('fwd')) checkJvp(f, args, v, opts, label);
  if (opts.modes.includes('rev')) checkVjp(f, args, v, opts, gen, label);
  if (order > 1) {
    if (opts.modes.includes('fwd')) {
      const fJvp = (...xs: Tensor[]) => jvp(f, xs, v)[1];
      check(fJvp, args, order - 1, opts, gen, `jvp(${label})`);
    }
    if (opts.modes.includes('rev')) {
      const outs = leaves(f(...args));
      const u = outs.map((o) => randn(o.shape, { generator: gen }));
      const fVjp = (...xs: Tensor[]) => vjp(f, ...xs)[1](rebuildLike(f(...xs), u));
      check(fVjp, args, order - 1, opts, gen, `vjp(${label})`);
    }
  }
}

function checkJvp(f: Fn, args: Tensor[], v: Tensor[], opts: Required<CheckGradsOptions>, label: string): void {
  const [, tangent] = jvp(f, args, v);
  const plus = leaves(f(...args.map((a, i) => add(a, mul(v[i], opts.eps)))));
  const minus = leaves(f(...args.map((a, i) => sub(a, mul(v[i], opts.eps)))));
  const numeric = plus.map((p, i) => div(sub(p, minus[i]), 2 * opts.eps));
  const analytic = leaves(tangent);
  numeric.forEach((n, i) => compare(analytic[i], n, opts, `${label}: JVP vs finite differences (output ${i})`));
}

function checkVjp(f: Fn, args: Tensor[], v: Tensor[], opts: Required<CheckGradsOptions>, gen: Generator, label: string): void {
  const [out, pullback] = vjp(f, ...args);
  const outs = leaves(out);
  const u = outs.map((o) => randn(o.shape, { generator: gen }));
  const ct = pullback(rebuildLike(out, u)).flatMap((c) => leaves(c));
  const [, tangent] = jvp(f, args, v);
  const jv = leaves(tangent);
  const uJv = u.reduce((s, ui, i) => s + sum(mul(ui, jv[i])).item(), 0);
  const Jtuv = ct.reduce((s, ci, i) => s + sum(mul(ci, v[i])).item(), 0);
  const tol = opts.atol + opts.rtol * Math.max(Math.abs(uJv), Math.abs(Jtuv));
  if (!(Math.abs(uJv - Jtuv) <= tol * 10)) {
    throw new Error(`checkGrads ${label}: VJP disagrees with JVP: <u, Jv> = ${uJv} but <Jᵀu, v> = ${Jtuv}`);
  }
}

function compare(a: Tensor, b: Tensor, opts: Required<CheckGradsOptions>, what: string): void {
  if (a.shape.join() !== b.shape.join()) throw new Error(`checkGrads ${what}: shapes differ: [${a.shape}] vs [${b.shape}]`);
  const x = a.data, y = b.data;
  let worst = -1, worstErr = 0;
  for (let i = 0; i < x.length; i++) {
    const err = Math.abs(x[i] - y[i]);
    const tol = opts.atol + opts.rtol * Math.max(Math.abs(x[i]), Math.abs(y[i]));
    // Finite differences carry O(eps^2) truncation error: allow it on top of the tolerance.
    if (!(err <= tol * 10 + 1e-6 * Math.max(1, Math.abs(y[i])))) {
      if (err > worstErr || worst < 0) { worst = i; worstErr = err; }
    }
  }
  if (worst >= 0) throw new Error(`checkGrads ${what}: element ${worst} is ${x[worst]} but finite differences give ${y[worst]} (error ${worstErr})`);
}

function leaves(tree: unknown): Tensor[] {
  return treeFlatten(tree, 'checkGrads (output of f)')[0];
}

function rebuildLike(tree: unknown, ls: Tensor[]): unknown {
  return treeFlatten(tree, 'checkGrads')[1](ls);
}
