import { Tensor } from '../tensor';
import { fmt, normalizeAxes, sizeOf } from '../shape';
import { definePrimitive } from '../engine/primitive';
import { bind } from '../engine/trace';
import { fromStorage } from '../tensor';
import { batchToFront } from './batching';
import { requireTensor, defineMethods } from './util';

/** Same values, new shape. Storage is shared: tensors are immutable. */
export const reshapeP = definePrimitive<{ shape: readonly number[] }>({
  name: 'reshape',
  impl: ([x], { shape }) => fromStorage(x.data, shape),
  jvp: (t, { params }) => reshape(t, params.shape),
  vjp: (g, { inputShapes }) => reshape(g, inputShapes[0]),
  saves: { inputs: [], output: false },
  batch: ([x], [d], { shape }) => {
    const at = batchAxisAfterReshape(x.shape, d as number, shape);
    if (at !== null) return [reshape(x, [...shape.slice(0, at), x.shape[d as number], ...shape.slice(at)]), at];
    const f = batchToFront(x, d);
    return [reshape(f, [f.shape[0], ...shape]), 0];
  },
});

/**
 * Where the batch axis `d` of `batched` can stay when each element is reshaped to `target`, with no
 * copy: at an axis j of the target whose leading axes hold as many elements as those before `d`
 * (row-major order then puts every value in the same place). Null if there is none.
 */
function batchAxisAfterReshape(batched: readonly number[], d: number, target: readonly number[]): number | null {
  const before = sizeOf(batched.slice(0, d));
  let lead = 1;
  let best: number | null = null;
  for (let j = 0; j <= target.length; j++) {
    if (j > 0) lead *= target[j - 1];
    if (lead === before && (best === null || Math.abs(j - d) < Math.abs(best - d))) best = j;
  }
  return best;
}

/** Returns the values of `x` with a new shape; one dimension may be -1 (inferred). */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  requireTensor(x, 'reshape');
  const target = resolveShape(shape, x.size, x.shape);
  if (target.length === x.ndim && target.every((d, i) => d === x.shape[i])) return x;
  return bind(reshapeP, [x], { shape: target });
}

function resolveShape(shape: readonly number[], size: number, from: readonly number[]): number[] {
  if (!Array.isArray(shape)) throw new TypeError(`reshape: shape must be an array of integers`);
  const free = shape.filter((d) => d === -1).length;
  if (free > 1) throw new Error(`reshape: only one dimension can be -1, got ${fmt(shape)}`);
  for (const d of shape) {
    if (!Number.isInteger(d) || d < -1) throw new Error(`reshape: invalid dimension ${d} in ${fmt(shape)}`);
  }
  const known = sizeOf(shape.filter((d) => d !== -1));
  const out = shape.map((d) => (d === -1 ? (known === 0 ? 0 : size / known) : d));
  if (sizeOf(out) !== size || !out.every(Number.isInteger)) {
    throw new Error(`reshape: cannot reshape a tensor of shape ${fmt(from)} (${size} elements) into ${fmt(shape)}`);
  }
  return out;
}

/** Inserts a unit axis at `axis`. */
export function expandDims(x: Tensor, axis: number): Tensor {
  requireTensor(x, 'expandDims');
  const r = x.ndim + 1;
  if (!Number.isInteger(axis) || axis < -r || axis >= r) throw new RangeError(`expandDims: axis ${axis} is out of range for a result of rank ${r}`);
  const a = axis < 0 ? axis + r : axis;
  return reshape(x, [...x.shape.slice(0, a), 1, ...x.shape.slice(a)]);
}

/** Removes unit axes (all of them, or those listed). */
export function squeeze(x: Tensor, axis?: number | readonly number[]): Tensor {
  requireTensor(x, 'squeeze');
  const axes = axis === undefined ? x.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : normalizeAxes(axis, x.ndim, 'squeeze');
  for (const a of axes) {
    if (x.shape[a] !== 1) throw new Error(`squeeze: axis ${a} of shape ${fmt(x.shape)} has size ${x.shape[a]}, not 1`);
  }
  return reshape(x, x.shape.filter((_, i) => !axes.includes(i)));
}

/** Flattens to one dimension. */
export function flatten(x: Tensor): Tensor {
  requireTensor(x, 'flatten');
  return reshape(x, [x.size]);
}

declare module '../tensor' {
  interface Tensor {
    /** New shape, same values; see {@link reshape}. */ reshape(shape: readonly number[]): Tensor;
    /** Inserts a unit axis. */ expandDims(axis: number): Tensor;
    /** Removes unit axes. */ squeeze(axis?: number | readonly number[]): Tensor;
    /** Flattens to one dimension. */ flatten(): Tensor;
  }
}
defineMethods({ reshape, expandDims, squeeze, flatten });
