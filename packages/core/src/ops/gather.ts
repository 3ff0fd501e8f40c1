/**
 * Integer-array indexing along one axis. `take` gathers slices at given indices; `scatterAdd` is
 * its transpose (it adds slices back at those indices, summing repeats), so each one's VJP is the
 * other. Indices are data, not differentiable inputs: they travel in the params.
 */
import { Tensor } from '../tensor';
import { backend } from '../backend';
import { fmt, normalizeAxis, sizeOf } from '../shape';
import { definePrimitive, type Primitive } from '../engine/primitive';
import { bind } from '../engine/trace';
import { batchToFront } from './batching';
import { add } from './binary';
import { empty, requireTensor, defineMethods } from './util';

/** Parameters shared by gather and scatterAdd: the indices and where they apply. */
export interface GatherParams {
  /** Flat indices, already checked to lie in [0, size). */
  readonly indices: Int32Array;
  /** Shape of the index array (replaces the indexed axis in the result). */
  readonly indexShape: readonly number[];
  readonly axis: number;
  /** Length of the indexed axis (of the gathered-from tensor, i.e. of scatterAdd's output). */
  readonly size: number;
}

/** [outer, inner]: the products of the dimensions before and after `axis`. */
function around(shape: readonly number[], axis: number, span: number): [number, number] {
  return [sizeOf(shape.slice(0, axis)), sizeOf(shape.slice(axis + span))];
}

const batchParams = (p: GatherParams): GatherParams => ({ ...p, axis: p.axis + 1 });

/** out = x with axis `axis` replaced by the index array's axes, read at the indices. */
export const gatherP: Primitive<GatherParams> = definePrimitive<GatherParams>({
  name: 'gather',
  impl([x], { indices, indexShape, axis, size }) {
    const out = empty([...x.shape.slice(0, axis), ...indexShape, ...x.shape.slice(axis + 1)], x.dtype);
    const [outer, inner] = around(x.shape, axis, 1);
    backend().gather(x.data, outer, size, inner, indices, out.data);
    return out;
  },
  jvp: (t, { params }) => bind(gatherP, [t], params),
  vjp: (g, { params }) => bind(scatterAddP, [g], params),
  saves: { inputs: [], output: false },
  batch: ([x], [d], p) => [bind(gatherP, [batchToFront(x, d)], batchParams(p)), 0],
});

/** The transpose of gather: a zero tensor with axis length `size`, plus each slice of x at its index. */
export const scatterAddP: Primitive<GatherParams> = definePrimitive<GatherParams>({
  name: 'scatterAdd',
  impl([x], { indices, indexShape, axis, size }) {
    const out = empty([...x.shape.slice(0, axis), size, ...x.shape.slice(axis + indexShape.length)], x.dtype);
    const [outer, inner] = around(x.shape, axis, indexShape.length);
    backend().scatterAdd(x.data, outer, size, inner, indices, out.data);
    return out;
  },
  jvp: (t, { params }) => bind(scatterAddP, [t], params),
  vjp: (g, { params }) => bind(gatherP, [g], params),
  saves: { inputs: [], output: false },
  batch: ([x], [d], p) => [bind(scatterAddP, [batchToFront(x, d)], batchParams(p)), 0],
});

/** Integer indices: a number, nested arrays of numbers, an Int32Array, or a tensor of integer values. */
export type Indices = number | readonly number[] | readonly (readonly number[])[] | Int32Array | Tensor;

/** Flattens and checks indices for an axis of length `n` (negative ones count from the end). */
function resolveIndices(indices: Indices, n: number, op: string, what: () => string): { flat: Int32Array; shape: number[] } {
  let values: ArrayLike<number>;
  let shape: number[];
  if (indices instanceof Tensor) {
    values = indices.data;
    shape = indices.shape.slice();
  } else if (typeof indices === 'number') {
    values = [indices];
    shape = [];
  } else if (indices instanceof Int32Array) {
    values = indices;
    shape = [indices.length];
  } else if (Array.isArray(indices)) {
    const nested = indices.length > 0 && Array.isArray(indices[0]);
    const rows = indices as readonly (number | readonly number[])[];
    values = nested ? (rows as readonly (readonly number[])[]).flat() : (rows as readonly number[]);
    shape = nested ? [rows.length, (rows[0] as readonly number[]).length] : [rows.length];
    if (nested && values.length !== shape[0] * shape[1]) throw new Error(`${op}: nested index arrays must be rectangular`);
  } else {
    throw new TypeError(`${op}: indices must be integers (number, array, Int32Array or Tensor), got ${typeof indices}`);
  }
  const flat = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v)) throw new TypeError(`${op}: indices must be integers, got ${v}`);
    if (v < -n || v >= n) throw new RangeError(`${op}: index ${v} is out of range ${what()}`);
    flat[i] = v < 0 ? v + n : v;
  }
  return { flat, shape };
}

/**
 * Takes the slices of `x` at `indices` along `axis` (default 0), like NumPy's take: the result's
 * shape is x's with that axis replaced by the indices' shape. Repeated indices are allowed (their
 * gradients add up); an index outside the axis is an error. Indices carry no gradient.
 */
export function take(x: Tensor, indices: Indices, axis = 0): Tensor {
  requireTensor(x, 'take');
  const ax = normalizeAxis(axis, x.ndim, 'take');
  const n = x.shape[ax];
  const { flat, shape } = resolveIndices(indices, n, 'take', () => `for axis ${ax} of shape ${fmt(x.shape)}`);
  return bind(gatherP, [x], { indices: flat, indexShape: shape, axis: ax, size: n });
}

/** Alias of {@link take}, as in PyTorch/JAX's gather along one axis. */
export const gather = take;

/**
 * Returns `target` with each slice of `values` added at its index along `axis` (repeated indices
 * accumulate), like JAX's `target.at[indices].add(values)`. `values` has the shape `take(target,
 * indices, axis)` would have. Differentiable in both `target` and `values`.
 */
export function scatterAdd(target: Tensor, indices: Indices, values: Tensor, axis = 0): Tensor {
  requireTensor(target, 'scatterAdd', 'target');
  requireTensor(values, 'scatterAdd', 'values');
  const ax = normalizeAxis(axis, target.ndim, 'scatterAdd');
  const n = target.shape[ax];
  const { flat, shape } = resolveIndices(indices, n, 'scatterAdd', () => `for axis ${ax} of shape ${fmt(target.shape)}`);
  const want = [...target.shape.slice(0, ax), ...shape, ...target.shape.slice(ax + 1)];
  if (values.ndim !== want.length || values.shape.some((d, i) => d !== want[i])) {
    throw new Error(`scatterAdd: values have shape ${fmt(values.shape)} but target ${fmt(target.shape)} with indices of shape ${fmt(shape)} along axis ${ax} needs ${fmt(want)}`);
  }
  return add(target, bind(scatterAddP, [values], { indices: flat, indexShape: shape, axis: ax, size: n }));
}

declare module '../tensor' {
  interface Tensor {
    /** Slices at integer indices along an axis; see {@link take}. */ take(indices: Indices, axis?: number): Tensor;
    /** Alias of take; see {@link gather}. */ gather(indices: Indices, axis?: number): Tensor;
    /** Adds values at integer indices along an axis; see {@link scatterAdd}. */ scatterAdd(indices: Indices, values: Tensor, axis?: number): Tensor;
  }
}
defineMethods({ take, gather, scatterAdd });
