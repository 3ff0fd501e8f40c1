/**
 * Joining and splitting along an axis. `concat` is a variadic primitive; its VJP slices the
 * cotangent back into pieces and its JVP pads each tangent into place. `stack`, `split` and `chunk`
 * are compositions.
 */
import { Tensor } from '../tensor';
import { backend } from '../backend';
import { promote } from '../dtype';
import { fmt, normalizeAxis, stridesOf } from '../shape';
import { definePrimitive, type Primitive } from '../engine/primitive';
import { bind } from '../engine/trace';
import { batchToFront } from './batching';
import { astype } from './astype';
import { broadcastTo } from './broadcast';
import { expandDims } from './reshape';
import { padP, sliceP } from './slice';
import { empty, requireTensor, defineMethods } from './util';

/** Where piece `arg` starts along the concatenation axis. */
const offsetOf = (shapes: readonly (readonly number[])[], axis: number, arg: number) =>
  shapes.slice(0, arg).reduce((o, s) => o + s[axis], 0);

/** The window of piece `arg` inside the result (for slicing it out or padding it in). */
function pieceWindow(shapes: readonly (readonly number[])[], out: readonly number[], axis: number, arg: number) {
  const starts = out.map((_, i) => (i === axis ? offsetOf(shapes, axis, arg) : 0));
  return { starts, steps: out.map(() => 1) };
}

/** Joins its inputs (equal dtype and shape outside `axis`) along `axis`. */
export const concatP: Primitive<{ axis: number }> = definePrimitive<{ axis: number }>({
  name: 'concat',
  impl(inputs, { axis }) {
    const shape = inputs[0].shape.slice();
    shape[axis] = inputs.reduce((n, x) => n + x.shape[axis], 0);
    const out = empty(shape, inputs[0].dtype);
    const strides = stridesOf(shape);
    let offset = 0;
    for (const x of inputs) {
      backend().scatter(x.data, offset * strides[axis], strides, x.shape, out.data);
      offset += x.shape[axis];
    }
    return out;
  },
  jvp: (t, { out, inputShapes, params }, arg) =>
    bind(padP, [t], { ...pieceWindow(inputShapes, out.shape, params.axis, arg), shape: out.shape }),
  vjp: (g, { inputShapes, params }, arg) =>
    bind(sliceP, [g], { ...pieceWindow(inputShapes, g.shape, params.axis, arg), shape: inputShapes[arg] }),
  saves: { inputs: [], output: false },
  batch: (args, dims, { axis }) => {
    const n = args[dims.findIndex((d) => d !== null)].shape[dims.find((d) => d !== null) as number];
    // every piece gets the batch axis in front (unbatched ones are repeated along it)
    const front = args.map((x, i) => (dims[i] === null ? broadcastTo(expandDims(x, 0), [n, ...x.shape]) : batchToFront(x, dims[i])));
    return [bind(concatP, front, { axis: axis + 1 }), 0];
  },
});

/**
 * Joins tensors along an existing axis (default 0). All other dimensions must agree; dtypes
 * promote (float32 with float64 gives float64).
 */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) throw new Error('concat: needs a non-empty array of tensors');
  tensors.forEach((t, i) => {
    requireTensor(t, 'concat', `element ${i}`);
  });
  const first = tensors[0];
  if (first.ndim === 0) throw new Error('concat: cannot concatenate 0-d tensors (use stack)');
  const ax = normalizeAxis(axis, first.ndim, 'concat');
  tensors.forEach((t, i) => {
    if (t.ndim !== first.ndim || t.shape.some((d: number, j: number) => j !== ax && d !== first.shape[j])) {
      throw new Error(`concat: tensor ${i} has shape ${fmt(t.shape)}, which does not match ${fmt(first.shape)} outside axis ${ax}`);
    }
  });
  if (tensors.length === 1) return first;
  const dtype = tensors.map((t) => t.dtype).reduce(promote);
  return bind(concatP, tensors.map((t) => astype(t, dtype)), { axis: ax });
}

/** Joins tensors of equal shape along a new axis (default 0). */
export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) throw new Error('stack: needs a non-empty array of tensors');
  const first = tensors[0];
  tensors.forEach((t, i) => {
    requireTensor(t, 'stack', `element ${i}`);
    if (t.shape.length !== first.shape.length || t.shape.some((d, j) => d !== first.shape[j])) {
      throw new Error(`stack: tensor ${i} has shape ${fmt(t.shape)} but tensor 0 has ${fmt(first.shape)}`);
    }
  });
  const ax = normalizeAxis(axis, first.ndim + 1, 'stack');
  return concat(tensors.map((t) => expandDims(t, ax)), ax);
}

/**
 * Splits `x` along `axis` (default 0): into `sections` equal parts when given a number (it must
 * divide the axis), or at the given increasing indices (NumPy's array_split points).
 */
export function split(x: Tensor, sections: number | readonly number[], axis = 0): Tensor[] {
  requireTensor(x, 'split');
  const ax = normalizeAxis(axis, x.ndim, 'split');
  const n = x.shape[ax];
  let cuts: number[];
  if (typeof sections === 'number') {
    if (!Number.isInteger(sections) || sections <= 0 || n % sections !== 0) {
      throw new Error(`split: cannot split axis ${ax} of size ${n} (shape ${fmt(x.shape)}) into ${sections} equal parts`);
    }
    cuts = Array.from({ length: sections - 1 }, (_, i) => ((i + 1) * n) / sections);
  } else {
    cuts = sections.slice();
    if (!cuts.every((c, i) => Number.isInteger(c) && c >= 0 && c <= n && (i === 0 || c >= cuts[i - 1]))) {
      throw new Error(`split: indices [${cuts.join(', ')}] must be increasing integers within axis ${ax} of size ${n}`);
    }
  }
  const bounds = [0, ...cuts, n];
  return bounds.slice(1).map((stop, i) => {
    const shape = x.shape.slice();
    shape[ax] = stop - bounds[i];
    const starts = x.shape.map((_, j) => (j === ax ? bounds[i] : 0));
    return bind(sliceP, [x], { starts, steps: x.shape.map(() => 1), shape });
  });
}

/** Splits `x` into `chunks` pieces along `axis` (PyTorch's chunk: the last piece may be smaller). */
export function chunk(x: Tensor, chunks: number, axis = 0): Tensor[] {
  requireTensor(x, 'chunk');
  const ax = normalizeAxis(axis, x.ndim, 'chunk');
  if (!Number.isInteger(chunks) || chunks <= 0) throw new Error(`chunk: chunks must be a positive integer, got ${chunks}`);
  const size = Math.ceil(x.shape[ax] / chunks);
  const cuts: number[] = [];
  for (let c = size; c < x.shape[ax]; c += size) cuts.push(c);
  return split(x, cuts, ax);
}

declare module '../tensor' {
  interface Tensor {
    /** Splits along an axis; see {@link split}. */ split(sections: number | readonly number[], axis?: number): Tensor[];
    /** Splits into pieces; see {@link chunk}. */ chunk(chunks: number, axis?: number): Tensor[];
  }
}
defineMethods({ split, chunk });
