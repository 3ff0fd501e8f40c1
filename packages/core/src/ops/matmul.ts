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
import { moveaxis } from './transpose';
import { reshape } from './reshape';
import { mul } from './binary';

/**
 * Which operands of {@link matmulP} are stored transposed: with `transA`, A's last two axes are
 * [k, m] and A's transpose is multiplied. Absent params mean neither.
 */
export interface MatmulParams {
  readonly transA: boolean;
  readonly transB: boolean;
}

const flags = (p: MatmulParams | undefined): MatmulParams => p ?? { transA: false, transB: false };
/** The (rows, columns) an operand contributes to the product, given its stored shape. */
const matrixDims = (shape: readonly number[], transposed: boolean) => {
  const [r, c] = shape.slice(-2);
  return transposed ? [c, r] : [r, c];
};
const shown = (shape: readonly number[], transposed: boolean) => fmt(shape) + (transposed ? 'ᵀ' : '');

/**
 * Batched matrix product of operands of rank >= 2 (batch axes broadcast), either operand possibly
 * transposed in its last two axes (read in place by the kernels, never copied); the primitive of
 * {@link matmul} and {@link matmulT}.
 */
export const matmulP: Primitive<MatmulParams | undefined> = definePrimitive<MatmulParams | undefined>({
  name: 'matmul',
  impl([a0, b0], params) {
    const { transA, transB } = flags(params);
    const dtype = promote(a0.dtype, b0.dtype);
    const a = astype(a0, dtype), b = astype(b0, dtype);
    const [m, k] = matrixDims(a.shape, transA), [k2, n] = matrixDims(b.shape, transB);
    if (k !== k2) throw new Error(`matmul: inner dimensions differ: ${shown(a0.shape, transA)} @ ${shown(b0.shape, transB)} (${k} vs ${k2})`);
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
    backend().matmul(a.data, aOff, b.data, bOff, m, k, n, out.data, transA, transB);
    return out;
  },
  jvp: [
    (t, { inputs, params }) => bind(matmulP, [t, inputs[1]], params),
    (t, { inputs, params }) => bind(matmulP, [inputs[0], t], params),
  ],
  // With A' = op(A), B' = op(B): dA' = g B'ᵀ and dB' = A'ᵀ g, written as products by transposed
  // operands so no transpose is materialized. The engine sums broadcast batch axes back down.
  vjp: [
    (g, { inputs: [, b], params }) => {
      const { transA, transB } = flags(params);
      return transA ? matmulT(b, g, transB, true) : matmulT(g, b, false, !transB);
    },
    (g, { inputs: [a], params }) => {
      const { transA, transB } = flags(params);
      return transB ? matmulT(g, a, true, transA) : matmulT(a, g, !transA, false);
    },
  ],
  saves: { inputs: 'all', output: false },
  batch: (args, dims, params) => {
    // Vectors have already become matrices (the public matmul reshapes them), so ranks are >= 2.
    const [a, b] = args, [da, db] = dims;
    const { transA, transB } = flags(params);
    // A batch of matrices times one plain matrix is ONE matrix product, with the batch folded into
    // the rows (or columns) of the batched side: this turns the m vector-Jacobian products of a
    // batched pullback (jacrev) into a single matrix-matrix product instead of m separate ones.
    if (db === null && da !== null && a.ndim === 3 && b.ndim === 2 && !transA) {
      const [size, m, k] = batchToFront(a, da).shape;
      const rows = bind(matmulP, [reshape(batchToFront(a, da), [size * m, k]), b], params);
      return [reshape(rows, [size, m, rows.shape[1]]), 0];
    }
    if (da === null && db !== null && a.ndim === 2 && b.ndim === 3) {
      const m = matrixDims(a.shape, transA)[0];
      if (transB) {
        // Each B is stored [n, k]: the batch stacks into the rows of one [batch·n, k] operand.
        const [size, n, k] = batchToFront(b, db).shape;
        const cols = bind(matmulP, [a, reshape(batchToFront(b, db), [size * n, k])], params);
        return [reshape(cols, [m, size, n]), 1];
      }
      if (db === 0 && b.shape[2] === 1) {
        // A batch of columns (jacrev of a matrix-vector product) is a stack of rows: [batch, k]
        // times op(A)ᵀ gives [batch, m] with no copy, where moving the batch axis would transpose.
        const rows = matmulT(reshape(b, [b.shape[0], b.shape[1]]), a, false, !transA);
        return [reshape(rows, [b.shape[0], m, 1]), 0];
      }
      const inner = db === 1 ? b : moveaxis(b, db, 1); // [k, batch, n]
      const [k, size, n] = inner.shape;
      const cols = bind(matmulP, [a, reshape(inner, [k, size * n])], params);
      return [reshape(cols, [m, size, n]), 1];
    }
    // Otherwise the batch axis becomes a leading batch dimension.
    return [bind(matmulP, alignBatched(args, dims), params), 0];
  },
});

/**
 * op(a) @ op(b) for operands of rank >= 2, where op transposes the last two axes when its flag
 * is set — without copying the transpose (the kernels read either layout). Batch axes broadcast.
 * @example matmulT(x, w, false, true) // x @ wᵀ, as nn.Linear computes it
 */
export function matmulT(a: Tensor, b: Tensor, transA: boolean, transB: boolean): Tensor {
  requireTensor(a, 'matmulT', 'a');
  requireTensor(b, 'matmulT', 'b');
  if (a.ndim < 2 || b.ndim < 2) throw new Error(`matmulT: operands must have at least 2 dimensions, got ${fmt(a.shape)} and ${fmt(b.shape)}`);
  return bind(matmulP, [a, b], transA || transB ? { transA, transB } : undefined);
}

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
