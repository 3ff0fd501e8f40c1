import type { Tensor, TensorLike } from '../tensor';
import { backend } from '../backend';
import { promote } from '../dtype';
import { broadcastShapes, broadcastStrides, fmt } from '../shape';
import { definePrimitive, type Primitive } from '../engine/primitive';
import { bind } from '../engine/trace';
import { asTensor, defineMethods, empty } from './util';
import { broadcastingBatch } from './batching';

/** Picks from a where cond is nonzero, from b elsewhere. The condition gets no gradient. */
export const whereP: Primitive = definePrimitive({
  name: 'where',
  impl([c, a, b]) {
    const shape = broadcastShapes(broadcastShapes(c.shape, a.shape, 'where'), b.shape, 'where');
    const out = empty(shape, promote(a.dtype, b.dtype));
    const bs = (t: Tensor) => broadcastStrides(t.shape, shape);
    backend().where(c.data, bs(c), a.data, bs(a), b.data, bs(b), shape, out.data);
    return out;
  },
  jvp: [null, (t, { inputs }) => where(inputs[0], t, 0), (t, { inputs }) => where(inputs[0], 0, t)],
  vjp: [null, (g, { inputs }) => where(inputs[0], g, 0), (g, { inputs }) => where(inputs[0], 0, g)],
  saves: { inputs: [0], output: false },
  batch: broadcastingBatch(() => whereP),
});

/** Elementwise choice: `a` where `cond` is nonzero, else `b` (all broadcast together). */
export function where(cond: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  const dtype = typeof a === 'number' ? (typeof b === 'number' ? 'float64' : b.dtype) : a.dtype;
  const args = [asTensor(cond, dtype, 'where'), asTensor(a, dtype, 'where'), asTensor(b, typeof b === 'number' ? dtype : b.dtype, 'where')];
  const [c, x, y] = args.map((t) => t.shape);
  try {
    broadcastShapes(broadcastShapes(c, x, 'where'), y, 'where');
  } catch {
    throw new Error(`where: cond ${fmt(c)}, a ${fmt(x)} and b ${fmt(y)} cannot be broadcast together`);
  }
  return bind(whereP, args, undefined);
}

declare module '../tensor' {
  interface Tensor {
    /** This tensor where `cond` is nonzero, else `other` (PyTorch's `x.where(cond, y)`); see {@link where}. */
    where(cond: TensorLike, other: TensorLike): Tensor;
  }
}
defineMethods({ where: (x: Tensor, cond: TensorLike, other: TensorLike) => where(cond, x, other) });
