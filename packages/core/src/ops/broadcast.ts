import { Tensor } from '../tensor';
import { backend } from '../backend';
import { broadcastShapes, broadcastStrides, checkShape, fmt, shapeEq } from '../shape';
import { definePrimitive } from '../engine/primitive';
import { bind } from '../engine/trace';
import { alignBatched } from './batching';
import { empty, requireTensor, defineMethods } from './util';

/** Repeats `x` along broadcast axes to `shape`. Its VJP is a sum, done by the engine. */
export const broadcastToP = definePrimitive<{ shape: readonly number[] }>({
  name: 'broadcastTo',
  impl([x], { shape }) {
    const out = empty(shape, x.dtype);
    backend().strided(x.data, 0, broadcastStrides(x.shape, shape), shape, out.data);
    return out;
  },
  jvp: (t, { params }) => broadcastTo(t, params.shape),
  vjp: (g) => g, // the engine sums the broadcast axes back down to the input shape
  saves: { inputs: [], output: false },
  batch: ([x], [d], { shape }) => {
    const [aligned] = alignBatched([x], [d]);
    const pad = shape.length - (aligned.ndim - 1);
    const xb = pad > 0 ? aligned.reshape([aligned.shape[0], ...Array(pad).fill(1), ...aligned.shape.slice(1)]) : aligned;
    return [broadcastTo(xb, [aligned.shape[0], ...shape]), 0];
  },
});

/** Broadcasts `x` to `shape` by NumPy rules (an error names both shapes if it cannot). */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  requireTensor(x, 'broadcastTo');
  checkShape(shape, 'broadcastTo');
  let ok = x.ndim <= shape.length;
  if (ok) {
    try {
      ok = shapeEq(broadcastShapes(x.shape, shape, 'broadcastTo'), shape);
    } catch {
      ok = false;
    }
  }
  if (!ok) throw new Error(`broadcastTo: cannot broadcast shape ${fmt(x.shape)} to ${fmt(shape)}`);
  if (shapeEq(x.shape, shape)) return x;
  return bind(broadcastToP, [x], { shape: shape.slice() });
}

declare module '../tensor' {
  interface Tensor {
    /** Broadcasts to a shape. */ broadcastTo(shape: readonly number[]): Tensor;
  }
}
defineMethods({ broadcastTo });
