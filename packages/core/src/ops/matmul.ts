/**
 * Matrix products. The primitive multiplies batches of matrices (rank >= 2, batch axes broadcast);
 * the public `matmul` adds NumPy's vector cases on top by reshaping.
 */
import { Tensor } from '../tensor';
import { backend } from '../backend';
import { promote } from '../dtype';
import { broadcastShapes, broadcastStrides, fmt, sizeOf } from '../shape';
import { definePrimitive, type Primitive } from '../engine/primitive';
import { bind } from '../engine/trace';
import { alignBatched, batchToFront } from './batching';
import { astype } from './astype';
import { empty, requireTensor, defineMethods } from './util';
import { moveaxis, mT } from './transpose';
import { reshape } from './reshape';
import { mul } from './binary';

/** Batched matrix product of operands of rank >= 2 (batch axes broadcast); the primitive of {@link matmul}. */
export const matmulP: Primitive = definePrimitive({
  name: 'matmul',
  impl([a0, b0]) {
    const dtype = promote(a0.dtype, b0.dtype);
    const a = astype(a0, dtype), b = astype(b0, dtype);
    const [m, k] = a.shape.slice(-2), [k2, n] = b.shape.slice(-2);
    if (k !== k2) throw new Error(`matmul: inner dimensions differ: ${fmt(a0.shape)} @ ${fmt(b0.shape)} (${k} vs ${k2})`);
    const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), 'matmul (batch dimensions)');
    const as = broadcastStrides(a.shape.slice(0, -2), batch).map((s) => s * m * k);
    const bs = broadcastStrides(b.shape.slice(0, -2), batch).map((s) => s * k * n);
    const count = sizeOf(batch);
    const aOff = new Array<number>(count), bOff = new Array<number>(count);
    for (let t = 0; t < count; t++) {
      let rem = t, ao = 0, bo = 0;
      for (let d = batch.length - 1; d >= 0; d--) {
        const i = rem % batch[d];
        rem = (rem - i) / batch[d];
        ao += i * as[d];
        bo += i * bs[d];
      }
      aOff[t] = ao;
      bOff[t] = bo;
    }
    const out = empty([...batch, m, n], dtype);
    backend().matmul(a.data, aOff, b.data, bOff, m, k, n, out.data);
    return out;
  },
  jvp: [(t, { inputs }) => matmul(t, inputs[1]), (t, { inputs }) => matmul(inputs[0], t)],
  // The engine sums broadcast batch axes back down.
  vjp: [(g, { inputs }) => matmul(g, mT(inputs[1])), (g, { inputs }) => matmul(mT(inputs[0]), g)],
  saves: { inputs: 'all', output: false },
  batch: (args, dims) => {
    // Vectors have already become matrices (the public matmul reshapes them), so ranks are >= 2.
    const [a, b] = args, [da, db] = dims;
    // A batch of matrices times one plain matrix is ONE matrix product, with the batch folded into
    // the rows (or columns) of the batched side: this turns the m vector-Jacobian products of a
    // batched pullback (jacrev) into a single matrix-matrix product instead of m separate ones.
    if (db === null && da !== null && a.ndim === 3 && b.ndim === 2) {
      const [size, m, k] = batchToFront(a, da).shape;
      const rows = bind(matmulP, [reshape(batchToFront(a, da), [size * m, k]), b], undefined);
      return [reshape(rows, [size, m, b.shape[1]]), 0];
    }
    if (da === null && db !== null && a.ndim === 2 && b.ndim === 3) {
      const inner = db === 1 ? b : moveaxis(b, db, 1); // [k, batch, n]
      const [k, size, n] = inner.shape;
      const cols = bind(matmulP, [a, reshape(inner, [k, size * n])], undefined);
      return [reshape(cols, [a.shape[0], size, n]), 1];
    }
    // Otherwise the batch axis becomes a leading batch dimension.
    return [bind(matmulP, alignBatched(args, dims), undefined), 0];
  },
});

/**
 * Matrix product with NumPy semantics: 1-D operands are vectors (the result drops their axis),
 * leading axes are batch axes and broadcast.
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  return matmulAs(a, b, 'matmul');
}

/** matmul, with errors naming `op` (the function the user called). */
function matmulAs(a: Tensor, b: Tensor, op: string): Tensor {
  requireTensor(a, op, 'a');
  requireTensor(b, op, 'b');
  if (a.ndim === 0 || b.ndim === 0) throw new Error(`${op}: operands must have at least 1 dimension, got ${fmt(a.shape)} @ ${fmt(b.shape)}`);
  const ka = a.shape[a.ndim - 1];
  const kb = b.ndim === 1 ? b.shape[0] : b.shape[b.ndim - 2];
  if (ka !== kb) throw new Error(`${op}: inner dimensions differ: ${fmt(a.shape)} @ ${fmt(b.shape)} (${ka} vs ${kb})`);
  const a2 = a.ndim === 1 ? reshape(a, [1, ka]) : a;
  const b2 = b.ndim === 1 ? reshape(b, [kb, 1]) : b;
  const out = bind(matmulP, [a2, b2], undefined);
  if (a.ndim > 1 && b.ndim > 1) return out;
  const shape = out.shape.slice();
  if (b.ndim === 1) shape.pop();
  if (a.ndim === 1) shape.splice(shape.length - (b.ndim === 1 ? 1 : 2), 1);
  return reshape(out, shape);
}

/** Inner product of two vectors (NumPy's dot for 1-D and 2-D operands). */
export function dot(a: Tensor, b: Tensor): Tensor {
  requireTensor(a, 'dot', 'a');
  requireTensor(b, 'dot', 'b');
  if (a.ndim > 2 || b.ndim > 2) throw new Error(`dot: operands must be 1-D or 2-D, got ${fmt(a.shape)} and ${fmt(b.shape)}; use matmul for batches`);
  return matmulAs(a, b, 'dot');
}

/** Outer product of two vectors: out[i, j] = a[i] * b[j]. */
export function outer(a: Tensor, b: Tensor): Tensor {
  requireTensor(a, 'outer', 'a');
  requireTensor(b, 'outer', 'b');
  if (a.ndim !== 1 || b.ndim !== 1) throw new Error(`outer: operands must be vectors, got ${fmt(a.shape)} and ${fmt(b.shape)}`);
  return mul(reshape(a, [a.shape[0], 1]), reshape(b, [1, b.shape[0]]));
}

declare module '../tensor' {
  interface Tensor {
    /** Matrix product; see {@link matmul}. */ matmul(other: Tensor): Tensor;
    /** Inner product. */ dot(other: Tensor): Tensor;
    /** Outer product of vectors. */ outer(other: Tensor): Tensor;
  }
}
defineMethods({ matmul, dot, outer });
