/**
 * Basic indexing. `slice` reads a strided window (NumPy's x[a:b:c, i, ...]); `pad` writes a tensor
 * into a zero tensor at such a window. Each is the other's transpose, so each one's VJP is the other.
 */
import { Tensor } from '../tensor';
import { backend } from '../backend';
import { fmt, stridesOf } from '../shape';
import { definePrimitive, type Primitive } from '../engine/primitive';
import { bind } from '../engine/trace';
import { batchToFront } from './batching';
import { reshape } from './reshape';
import { empty, requireTensor, defineMethods } from './util';

/** A strided window: per axis, the first index, the step, and the window's size (the output shape). */
export interface WindowParams {
  readonly starts: readonly number[];
  readonly steps: readonly number[];
  /** For `slice`: the output shape. For `pad`: the output (padded) shape. */
  readonly shape: readonly number[];
}

/** Where the window starts in a row-major buffer of `shape`, and how far each axis steps. */
function windowLayout(shape: readonly number[], starts: readonly number[], steps: readonly number[]): [number, number[]] {
  const s = stridesOf(shape);
  return [starts.reduce((o, st, i) => o + st * s[i], 0), s.map((si, i) => si * steps[i])];
}

/** The batch rule shared by slice and pad: the batch axis goes first and is taken whole. */
function windowBatch(prim: () => Primitive<WindowParams>) {
  return ([x]: Tensor[], [d]: readonly (number | null)[], p: WindowParams): [Tensor, number] => {
    const xb = batchToFront(x, d);
    const n = xb.shape[0];
    return [bind(prim(), [xb], { starts: [0, ...p.starts], steps: [1, ...p.steps], shape: [n, ...p.shape] }), 0];
  };
}

/** Reads the window of `x` given by the params. */
export const sliceP: Primitive<WindowParams> = definePrimitive<WindowParams>({
  name: 'slice',
  impl([x], { starts, steps, shape }) {
    const out = empty(shape, x.dtype);
    const [offset, strides] = windowLayout(x.shape, starts, steps);
    backend().strided(x.data, offset, strides, shape, out.data);
    return out;
  },
  jvp: (t, { params }) => bind(sliceP, [t], params),
  vjp: (g, { params, inputShapes }) => bind(padP, [g], { ...params, shape: inputShapes[0] }),
  saves: { inputs: [], output: false },
  batch: windowBatch(() => sliceP),
});

/** Writes `x` at the window of a zero tensor of `params.shape`. */
export const padP: Primitive<WindowParams> = definePrimitive<WindowParams>({
  name: 'pad',
  impl([x], { starts, steps, shape }) {
    const out = empty(shape, x.dtype); // typed arrays start zeroed
    const [offset, strides] = windowLayout(shape, starts, steps);
    backend().scatter(x.data, offset, strides, x.shape, out.data);
    return out;
  },
  jvp: (t, { params }) => bind(padP, [t], params),
  vjp: (g, { params, inputShapes }) => bind(sliceP, [g], { ...params, shape: inputShapes[0] }),
  saves: { inputs: [], output: false },
  batch: windowBatch(() => padP),
});

/** A range along one axis, `[start, stop, step]` as in Python's `start:stop:step` (null = default). */
export type SliceRange = readonly [start?: number | null, stop?: number | null, step?: number | null];

/**
 * What to take along one axis: `null` for all of it, an integer for one index (the axis is dropped,
 * as in `x[i]`; negative counts from the end), or a {@link SliceRange}.
 */
export type SliceIndex = number | null | SliceRange;

/** Python's slice.indices: resolves a range against an axis of size n to [start, step, length]. */
function resolveRange([start, stop, step]: SliceRange, n: number, where: () => string): [number, number, number] {
  const s = step ?? 1;
  if (!Number.isInteger(s) || s === 0) throw new Error(`slice: step must be a nonzero integer, got ${step} ${where()}`);
  for (const v of [start, stop]) {
    if (v !== null && v !== undefined && !Number.isInteger(v)) throw new Error(`slice: bounds must be integers, got ${v} ${where()}`);
  }
  const lo = s > 0 ? 0 : -1, hi = s > 0 ? n : n - 1;
  const clamp = (v: number | null | undefined, dflt: number) => {
    if (v === null || v === undefined) return dflt;
    const w = v < 0 ? v + n : v;
    return Math.min(Math.max(w, lo), hi);
  };
  const a = clamp(start, s > 0 ? 0 : n - 1);
  const b = clamp(stop, s > 0 ? n : -1);
  const len = Math.max(0, Math.ceil((b - a) / s));
  return [len === 0 ? 0 : a, s, len];
}

/**
 * NumPy-style basic indexing, one entry per leading axis (missing trailing axes are taken whole):
 * `slice(x, [null, [1, 3]])` is `x[:, 1:3]`, `slice(x, [0, [null, null, -1]])` is `x[0, ::-1]`.
 * Ranges clamp to the axis like Python's; an integer index out of range is an error.
 */
export function slice(x: Tensor, spec: readonly SliceIndex[]): Tensor {
  requireTensor(x, 'slice');
  if (!Array.isArray(spec)) throw new TypeError(`slice: the spec must be an array with one entry per axis, got ${typeof spec}`);
  if (spec.length > x.ndim) throw new Error(`slice: ${spec.length} indices for a tensor of shape ${fmt(x.shape)} (rank ${x.ndim})`);
  const starts: number[] = [], steps: number[] = [], shape: number[] = [], kept: number[] = [];
  x.shape.forEach((n, axis) => {
    const where = () => `for axis ${axis} of shape ${fmt(x.shape)}`;
    const s = spec[axis] ?? null;
    if (typeof s === 'number') {
      if (!Number.isInteger(s) || s < -n || s >= n) throw new RangeError(`slice: index ${s} is out of range ${where()}`);
      starts.push(s < 0 ? s + n : s);
      steps.push(1);
      shape.push(1);
      return;
    }
    if (s !== null && !Array.isArray(s)) throw new TypeError(`slice: entry ${axis} must be null, an integer or [start, stop, step], got ${JSON.stringify(s)}`);
    const [a, st, len] = resolveRange(s ?? [], n, where);
    starts.push(a);
    steps.push(st);
    shape.push(len);
    kept.push(len);
  });
  const whole = shape.every((d, i) => d === x.shape[i] && steps[i] === 1);
  const window = whole ? x : bind(sliceP, [x], { starts, steps, shape });
  return kept.length === x.ndim ? window : reshape(window, kept);
}

/** `x[i]`: the sub-tensor at index `i` of axis 0 (negative counts from the end), dropping that axis. */
export function index(x: Tensor, i: number): Tensor {
  requireTensor(x, 'index');
  if (x.ndim === 0) throw new Error('index: cannot index a 0-d tensor');
  return slice(x, [i]);
}

/**
 * Pads with zeros: `widths[i] = [before, after]` for each leading axis (missing axes: no padding).
 * Widths must be non-negative integers.
 */
export function pad(x: Tensor, widths: readonly (readonly [number, number])[]): Tensor {
  requireTensor(x, 'pad');
  if (widths.length > x.ndim) throw new Error(`pad: ${widths.length} pad widths for a tensor of shape ${fmt(x.shape)}`);
  const starts = x.shape.map((_, i) => widths[i]?.[0] ?? 0);
  const shape = x.shape.map((d, i) => {
    const [before, after] = widths[i] ?? [0, 0];
    if (![before, after].every((w) => Number.isInteger(w) && w >= 0)) {
      throw new Error(`pad: widths must be non-negative integers, got [${before}, ${after}] for axis ${i}`);
    }
    return before + d + after;
  });
  if (shape.every((d, i) => d === x.shape[i])) return x;
  return bind(padP, [x], { starts, steps: shape.map(() => 1), shape });
}

declare module '../tensor' {
  interface Tensor {
    /** NumPy-style basic indexing; see {@link slice}. */ slice(spec: readonly SliceIndex[]): Tensor;
    /** `x[i]` along axis 0; see {@link index}. */ index(i: number): Tensor;
    /** Zero padding; see {@link pad}. */ pad(widths: readonly (readonly [number, number])[]): Tensor;
  }
}
defineMethods({ slice, index, pad });
