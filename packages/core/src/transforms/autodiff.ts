/**
 * The basic transforms: reverse mode (`vjp`, `grad`, `valueAndGrad`) and forward mode (`jvp`).
 * Each call opens its own trace, so they nest freely: grad of grad, jvp of grad, grad of jvp.
 */
import { Tensor } from '../tensor';
import { fmt, shapeEq } from '../shape';
import { withTrace } from '../engine/trace';
import { JVPTrace, JVPTracer } from '../engine/forward';
import { backward, ReverseTrace, ReverseTracer, type Node } from '../engine/reverse';
import { astype } from '../ops/astype';
import { treeFlatten, treeLeavesLike } from './tree';
import { zerosLike, onesLike } from '../creation';

/** The pullback returned by {@link vjp}: maps an output cotangent to one cotangent per primal. */
export type Pullback = (cotangent: any) => any[];

/**
 * Reverse mode. Evaluates `f(...primals)` and returns `[out, pullback]`, where `pullback(u)` gives
 * uᵀJ for each primal (an array, one entry per primal, each shaped like it). The Jacobian is never
 * formed: the pullback runs the backward pass once per call.
 */
export function vjp<A extends any[], R>(f: (...args: A) => R, ...primals: A): [R, Pullback] {
  return recordForBackward(f, primals, false);
}

/**
 * vjp's forward pass and pullback. `once`: the pullback will run a single time (grad), so the
 * backward pass may let go of saved tensors as it goes.
 */
function recordForBackward<A extends any[], R>(f: (...args: A) => R, primals: A, once: boolean): [R, Pullback] {
  if (typeof f !== 'function') throw new TypeError('vjp: first argument must be a function');
  const [leaves, rebuildIn] = treeFlatten(primals, 'vjp (primals)');
  const trace = new ReverseTrace();
  return withTrace(trace, (t) => {
    const tracers = leaves.map((x) => t.leaf(x));
    const out = f(...(rebuildIn(tracers) as A));
    const [outLeaves, rebuildOut] = treeFlatten(out, 'vjp (output of f)');
    const roots = outLeaves.map((o) => (o instanceof ReverseTracer && o.trace === t ? o.node : null));
    const values = outLeaves.map((o) => (o instanceof ReverseTracer && o.trace === t ? o.value : o));
    const leafNodes = tracers.map((x) => x.node as Node);
    const outTree = rebuildOut(values);
    const pullback: Pullback = (cotangent) => {
      const cts = treeLeavesLike(outTree, cotangent, 'vjp (the cotangent must match the output)');
      if (cts.length !== values.length) throw new Error(`vjp: the cotangent has ${cts.length} tensors but the output has ${values.length}`);
      cts.forEach((c, i) => {
        if (!shapeEq(c.shape, values[i].shape)) throw new Error(`vjp: cotangent has shape ${fmt(c.shape)} but the output has shape ${fmt(values[i].shape)}`);
      });
      const live = roots.flatMap((r, i) => (r === null ? [] : [[r, astype(cts[i], values[i].dtype)] as const]));
      const grads = backward(live.map((l) => l[0]), live.map((l) => l[1]), leafNodes, once);
      return rebuildIn(grads.map((g, i) => g ?? zerosLike(leaves[i]))) as any[];
    };
    return [outTree as R, pullback];
  });
}

/** Options for {@link grad} and {@link valueAndGrad}. */
export interface GradOptions {
  /** Which positional argument(s) to differentiate with respect to (default 0). */
  argnums?: number | readonly number[];
  /** f returns `[value, aux]`; aux is passed through undifferentiated. */
  hasAux?: boolean;
}

/**
 * Returns a function computing `[f(...args), ∇f]` for a scalar-valued f. With `hasAux`, f returns
 * `[value, aux]` and the result is `[[value, aux], ∇f]`.
 */
export function valueAndGrad<A extends any[]>(f: (...args: A) => any, options: GradOptions = {}): (...args: A) => [any, any] {
  if (typeof f !== 'function') throw new TypeError('valueAndGrad: first argument must be a function');
  const argnums = options.argnums ?? 0;
  const nums = typeof argnums === 'number' ? [argnums] : [...argnums];
  return (...args: A) => {
    for (const n of nums) {
      if (!Number.isInteger(n) || n < 0 || n >= args.length) throw new RangeError(`grad: argnums ${n} is out of range for ${args.length} argument(s)`);
      treeFlatten(args[n], `grad (argument ${n})`); // names a non-tensor leaf by its path
    }
    let aux: unknown;
    const wrt = (...picked: any[]) => {
      const full = args.slice() as any[];
      nums.forEach((n, i) => (full[n] = picked[i]));
      let out = f(...(full as A));
      if (options.hasAux) {
        if (!Array.isArray(out) || out.length !== 2) throw new Error('grad: with hasAux, f must return [value, aux]');
        aux = out[1];
        out = out[0];
      }
      if (!(out instanceof Tensor)) throw new TypeError(`grad: f must return a scalar tensor, got ${out === null ? 'null' : typeof out}`);
      if (out.size !== 1) {
        throw new Error(`grad: f must return a scalar, but it returned shape ${fmt(out.shape)}. For a non-scalar output use vjp(f, x) with a cotangent, or jacobian(f)(x) for the full Jacobian`);
      }
      return out;
    };
    const [value, pullback] = recordForBackward(wrt, nums.map((n) => args[n]), true);
    const grads = pullback(onesLike(value));
    const g = typeof argnums === 'number' ? grads[0] : grads;
    return [options.hasAux ? [value, aux] : value, g];
  };
}

/**
 * Returns a function computing the gradient of scalar-valued f with respect to argument 0 (or
 * `argnums`), shaped like that argument. With `hasAux`, returns `[gradient, aux]`.
 */
export function grad<A extends any[]>(f: (...args: A) => any, options: GradOptions = {}): (...args: A) => any {
  if (typeof f !== 'function') throw new TypeError('grad: first argument must be a function');
  const vg = valueAndGrad(f, options);
  return (...args: A) => {
    const [v, g] = vg(...args);
    return options.hasAux ? [g, v[1]] : g;
  };
}

/**
 * Forward mode. Evaluates f at `primals` and pushes `tangents` through it, returning
 * `[f(primals), J·tangents]` without forming J.
 */
export function jvp<A extends any[], R>(f: (...args: A) => R, primals: A, tangents: A): [R, R] {
  if (typeof f !== 'function') throw new TypeError('jvp: first argument must be a function');
  if (!Array.isArray(primals) || !Array.isArray(tangents)) throw new TypeError('jvp: primals and tangents must be arrays of arguments, e.g. jvp(f, [x], [v])');
  const [ps, rebuild] = treeFlatten(primals, 'jvp (primals)');
  const ts = treeLeavesLike(primals, tangents, 'jvp (tangents must match the primals)');
  if (ps.length !== ts.length) throw new Error(`jvp: ${ps.length} primal tensors but ${ts.length} tangents`);
  ps.forEach((p, i) => {
    if (!shapeEq(p.shape, ts[i].shape)) throw new Error(`jvp: tangent ${i} has shape ${fmt(ts[i].shape)} but its primal has shape ${fmt(p.shape)}`);
  });
  return withTrace(new JVPTrace(), (t) => {
    const tracers = ps.map((p, i) => new JVPTracer(t, p, astype(ts[i], p.dtype)));
    const out = f(...(rebuild(tracers) as A));
    const [outs, rebuildOut] = treeFlatten(out, 'jvp (output of f)');
    const mine = (o: Tensor) => o instanceof JVPTracer && o.trace === t;
    const primalsOut = outs.map((o) => (mine(o) ? (o as JVPTracer).primal : o));
    const tangentsOut = outs.map((o, i) => (mine(o) && (o as JVPTracer).tangent) || zerosLike(primalsOut[i]));
    return [rebuildOut(primalsOut) as R, rebuildOut(tangentsOut) as R];
  });
}
