/**
 * Reductions over axes (all axes by default), with keepdims. Each primitive computes the keepdims
 * shape and reshapes to drop axes when asked, so rules can broadcast against the input directly.
 */
import { Tensor, fromStorage } from '../tensor';
import { backend, type ReduceKernel } from '../backend';
import { fmt, normalizeAxes, sizeOf } from '../shape';
import { definePrimitive, type Primitive, type RuleContext, type Rules } from '../engine/primitive';
import { bind } from '../engine/trace';
import { allocate } from '../dtype';
import { requireTensor, defineMethods } from './util';
import { zeros } from '../creation';
import { batchToFront } from './batching';
import { broadcastTo } from './broadcast';
import { reshape } from './reshape';
import { add, div, eq, mul, sub } from './binary';
import { where } from './where';
import { stopGradient } from './stop_gradient';

/** Parameters of a reduction primitive: sorted, non-negative axes, and whether they are kept as 1s. */
export interface ReduceParams {
  readonly axes: readonly number[];
  readonly keepdims: boolean;
}

const keptShape = (shape: readonly number[], axes: readonly number[]) => shape.map((d, i) => (axes.includes(i) ? 1 : d));

/** Reshapes a reduced tensor (or its cotangent) to the keepdims shape and broadcasts it over the input. */
function expandBack(g: Tensor, inShape: readonly number[], axes: readonly number[]): Tensor {
  return broadcastTo(reshape(g, keptShape(inShape, axes)), inShape);
}

function reducePrimitive(name: ReduceKernel, jvp: Rules<ReduceParams>, vjp: Rules<ReduceParams>, saves: Primitive<ReduceParams>['saves']): Primitive<ReduceParams> {
  const p: Primitive<ReduceParams> = definePrimitive<ReduceParams>({
    name,
    impl([x], { axes, keepdims }) {
      const kept = keptShape(x.shape, axes);
      const out = allocate(x.dtype, sizeOf(kept));
      backend().reduce(name, x.data, x.shape, axes, out);
      return fromStorage(out, keepdims ? kept : x.shape.filter((_, i) => !axes.includes(i)));
    },
    jvp,
    vjp,
    saves,
    batch: ([x], [d], { axes, keepdims }) => [bind(p, [batchToFront(x, d)], { axes: axes.map((a) => a + 1), keepdims }), 0],
  });
  return p;
}

/** The primitive of {@link sum}. */
export const sumP = reducePrimitive(
  'sum',
  (t, { params }) => sum(t, params.axes, params.keepdims),
  (g, { inputShapes, params }) => expandBack(g, inputShapes[0], params.axes),
  { inputs: [], output: false },
);

/** Where the extremum is attained (split evenly among ties), broadcast over the input. */
function argextremumWeights({ inputs, out, params }: RuleContext<ReduceParams>): Tensor {
  const x = inputs[0];
  const hit = eq(x, expandBack(out, x.shape, params.axes));
  return div(hit, expandBack(sum(hit, params.axes, true), x.shape, params.axes));
}
const extremumRules: [Rules<ReduceParams>, Rules<ReduceParams>] = [
  (t, ctx) => sum(mul(t, argextremumWeights(ctx)), ctx.params.axes, ctx.params.keepdims),
  (g, ctx) => mul(expandBack(g, ctx.inputShapes[0], ctx.params.axes), argextremumWeights(ctx)),
];
/** The primitives of {@link max} and {@link min}: ties share the derivative. */
export const maxP = reducePrimitive('max', ...extremumRules, { inputs: [0], output: true });
export const minP = reducePrimitive('min', ...extremumRules, { inputs: [0], output: true });

/**
 * d prod / d x_i is the product of the other elements. Computed from the product of the nonzero
 * elements and the count of zeros, so it stays exact when some elements are zero.
 */
function prodOthers(x: Tensor, axes: readonly number[]): Tensor {
  const isZero = eq(x, 0);
  const zeros = expandBack(sum(isZero, axes, true), x.shape, axes);
  const nonzeroProd = expandBack(prod(where(isZero, 1, x), axes, true), x.shape, axes);
  const noZeros = div(nonzeroProd, where(isZero, 1, x));
  // no zeros: P/x_i; exactly one zero: P (at the zero) or 0; more: 0
  return where(eq(zeros, 0), noZeros, where(eq(zeros, 1), mul(isZero, nonzeroProd), 0));
}
/** The primitive of {@link prod}. */
export const prodP = reducePrimitive(
  'prod',
  (t, { inputs, params }) => sum(mul(t, prodOthers(inputs[0], params.axes)), params.axes, params.keepdims),
  (g, { inputs, inputShapes, params }) => mul(expandBack(g, inputShapes[0], params.axes), prodOthers(inputs[0], params.axes)),
  { inputs: [0], output: false },
);

/** Which axes to reduce: one, several, or all (omitted). */
export type Axis = number | readonly number[] | undefined | null;

function reducer(p: Primitive<ReduceParams>) {
  return (x: Tensor, axis?: Axis, keepdims = false): Tensor => {
    requireTensor(x, p.name);
    const axes = normalizeAxes(axis, x.ndim, p.name);
    if (axes.length === 0) return x;
    // max and min of nothing are undefined; the empty sum is 0 and the empty product 1
    if ((p === maxP || p === minP) && axes.some((a) => x.shape[a] === 0)) throw new Error(`${p.name}: cannot reduce over an empty axis of a tensor of shape ${fmt(x.shape)}`);
    return bind(p, [x], { axes, keepdims });
  };
}

/** Sum over `axis` (all axes when omitted). */
export const sum = reducer(sumP);
/** Largest element over `axis` (ties share the gradient). */
export const max = reducer(maxP);
/** Smallest element over `axis` (ties share the gradient). */
export const min = reducer(minP);
/** Product over `axis`. */
export const prod = reducer(prodP);

/** Mean over `axis` (all axes when omitted). */
export function mean(x: Tensor, axis?: Axis, keepdims = false): Tensor {
  requireTensor(x, 'mean');
  const axes = normalizeAxes(axis, x.ndim, 'mean');
  const n = axes.reduce((a, i) => a * x.shape[i], 1);
  return div(sum(x, axes, keepdims), n);
}

/** Variance over `axis` (population variance, like NumPy's default; `correction: 1` for the sample variance). */
export function variance(x: Tensor, axis?: Axis, keepdims = false, correction = 0): Tensor {
  requireTensor(x, 'variance');
  const axes = normalizeAxes(axis, x.ndim, 'variance');
  const n = axes.reduce((a, i) => a * x.shape[i], 1);
  const d = sub(x, mean(x, axes, true));
  return div(sum(mul(d, d), axes, keepdims), n - correction);
}

/** log(sum(exp(x))) over `axis`, without overflow (the max is subtracted first). */
export function logsumexp(x: Tensor, axis?: Axis, keepdims = false): Tensor {
  requireTensor(x, 'logsumexp');
  const axes = normalizeAxes(axis, x.ndim, 'logsumexp');
  const [shifted, m] = shiftByMax(x, axes);
  const r = add(logSumExpShifted(shifted, axes), m);
  return keepdims ? r : reshape(r, x.shape.filter((_, i) => !axes.includes(i)));
}

/** softmax along `axis` (default: the last): exp(x) / sum(exp(x)), stably. */
export function softmax(x: Tensor, axis = -1): Tensor {
  requireTensor(x, 'softmax');
  const axes = normalizeAxes(axis, x.ndim, 'softmax');
  const e = shiftByMax(x, axes)[0].exp();
  return div(e, sum(e, axes, true));
}

/** log(softmax(x)) along `axis` (default: the last), computed stably. */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  requireTensor(x, 'logSoftmax');
  const axes = normalizeAxes(axis, x.ndim, 'logSoftmax');
  const shifted = shiftByMax(x, axes)[0];
  // (x − m) − log Σ exp(x − m), not x − logsumexp(x): the latter rounds at the scale of x.
  return sub(shifted, logSumExpShifted(shifted, axes));
}

/**
 * [x − m, m] for m the max over `axes` (kept), a constant for the derivative: any finite shift gives
 * the same result. An empty axis has no max: there the shift is 0 (the sum of no terms is 0).
 */
function shiftByMax(x: Tensor, axes: number[]): [Tensor, Tensor] {
  const empty = axes.some((a) => x.shape[a] === 0);
  // The shift is a constant, so it is computed from x with its derivative already stopped: under
  // grad the max and the finiteness test then run as plain ops, not recorded for the backward pass.
  const m = empty ? zeros(keptShape(x.shape, axes), { dtype: x.dtype }) : finiteOrZero(max(stopGradient(x), axes, true));
  return [sub(x, m), m];
}

const logSumExpShifted = (shifted: Tensor, axes: number[]) => sum(shifted.exp(), axes, true).log();

// A max of ±Inf or NaN would poison x - m; such rows give the same result with a zero shift.
function finiteOrZero(m: Tensor): Tensor {
  return where(eq(sub(m, m), 0), m, 0);
}


declare module '../tensor' {
  interface Tensor {
    /** Sum over axes. */ sum(axis?: Axis, keepdims?: boolean): Tensor;
    /** Mean over axes. */ mean(axis?: Axis, keepdims?: boolean): Tensor;
    /** Maximum over axes. */ max(axis?: Axis, keepdims?: boolean): Tensor;
    /** Minimum over axes. */ min(axis?: Axis, keepdims?: boolean): Tensor;
    /** Product over axes. */ prod(axis?: Axis, keepdims?: boolean): Tensor;
    /** Variance over axes. */ variance(axis?: Axis, keepdims?: boolean, correction?: number): Tensor;
    /** log-sum-exp over axes. */ logsumexp(axis?: Axis, keepdims?: boolean): Tensor;
    /** softmax along an axis (default last). */ softmax(axis?: number): Tensor;
    /** log-softmax along an axis (default last). */ logSoftmax(axis?: number): Tensor;
  }
}
defineMethods({ sum, mean, max, min, prod, variance, logsumexp, softmax, logSoftmax });
