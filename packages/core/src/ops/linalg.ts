/**
 * Linear algebra on square matrices in the last two axes (leading axes are a batch), through the
 * backend's LU factorization with partial pivoting. Derivative rules are the classic ones
 * (d inv = -inv dA inv, d det = det tr(inv dA), …) written with the library's own ops, so they
 * differentiate again to any order.
 */
import { Tensor } from '../tensor';
import { backend } from '../backend';
import { allocate, promote } from '../dtype';
import { broadcastShapes, fmt, sizeOf } from '../shape';
import { definePrimitive, type BatchRule, type Primitive } from '../engine/primitive';
import { bind } from '../engine/trace';
import { batchToFront } from './batching';
import { astype } from './astype';
import { broadcastTo } from './broadcast';
import { mul } from './binary';
import { neg } from './unary';
import { matmul } from './matmul';
import { sum } from './reduce';
import { expandDims, reshape } from './reshape';
import { mT } from './transpose';
import { empty, requireTensor, defineMethods } from './util';

interface Factored {
  lu: Float64Array | Float32Array;
  perm: Int32Array;
  /** Per matrix: +1/-1 (the permutation's sign), or 0 if singular. */
  parity: Int8Array;
  batch: number;
  n: number;
}

function factor(a: Tensor): Factored {
  const n = a.shape[a.ndim - 1];
  const batch = sizeOf(a.shape.slice(0, -2));
  const lu = allocate(a.dtype, a.size) as Float64Array | Float32Array;
  lu.set(a.data);
  const perm = new Int32Array(batch * n);
  return { lu, perm, parity: backend().lu(lu, batch, n, perm), batch, n };
}

/** Refuses a singular matrix, naming which one of the batch it is. */
function requireNonsingular(f: Factored, shape: readonly number[], op: string): void {
  const bad = f.parity.indexOf(0);
  if (bad < 0) return;
  const which = shape.length > 2 ? ` (matrix ${bad} of the batch of shape ${fmt(shape)})` : '';
  throw new Error(`${op}: the matrix is singular${which}`);
}

/** Per matrix: U's diagonal entries folded with `step` from `init`. */
function foldDiagonal(fct: Factored, init: number, step: (acc: number, d: number) => number): number[] {
  const { lu, batch, n } = fct;
  return Array.from({ length: batch }, (_, t) => {
    let acc = init;
    for (let i = 0; i < n; i++) acc = step(acc, lu[t * n * n + i * n + i]);
    return acc;
  });
}

/** Per matrix: the product of f(U's diagonal entries) times the pivots' parity (0 if singular). */
function signedDiagonalProduct(fct: Factored, f: (d: number) => number): number[] {
  return foldDiagonal(fct, 1, (p, d) => p * f(d)).map((v, t) => (fct.parity[t] === 0 ? 0 : v * fct.parity[t]));
}

/** A tensor of per-matrix values with the batch shape of `a`. */
function perMatrix(a: Tensor, values: number[]): Tensor {
  const out = empty(a.shape.slice(0, -2), a.dtype);
  out.data.set(values);
  return out;
}

/** g (one value per matrix) lifted to broadcast against the matrices. */
const asMatrixScale = (g: Tensor) => expandDims(expandDims(g, -1), -1);

/** Batch rule of an op on a batch of matrices: the vmap axis just becomes one more batch axis. */
function matrixBatch<P>(prim: () => Primitive<P>): BatchRule<P> {
  return ([a], [d], params) => [bind(prim(), [batchToFront(a, d)], params), 0];
}

/** Determinant of each matrix (0 for a singular one). */
export const detP: Primitive = definePrimitive({
  name: 'det',
  impl([a]) {
    return perMatrix(a, signedDiagonalProduct(factor(a), (d) => d));
  },
  // d det = det · tr(A⁻¹ dA) = det · Σ (A⁻ᵀ ∘ dA)
  jvp: (t, { inputs: [a], out }) => mul(out, sum(mul(mT(inv(a)), t), [-2, -1])),
  vjp: (g, { inputs: [a], out }) => mul(asMatrixScale(mul(g, out)), mT(inv(a))),
  saves: { inputs: [0], output: true },
  batch: matrixBatch(() => detP),
});

/** log |det| of each matrix (-Infinity for a singular one). */
export const logAbsDetP: Primitive = definePrimitive({
  name: 'logAbsDet',
  impl([a]) {
    return perMatrix(a, foldDiagonal(factor(a), 0, (s, d) => s + Math.log(Math.abs(d))));
  },
  jvp: (t, { inputs: [a] }) => sum(mul(mT(inv(a)), t), [-2, -1]),
  vjp: (g, { inputs: [a] }) => mul(asMatrixScale(g), mT(inv(a))),
  saves: { inputs: [0], output: false },
  batch: matrixBatch(() => logAbsDetP),
});

/** The sign of the determinant: piecewise constant, so it has no derivative. */
export const detSignP: Primitive = definePrimitive({
  name: 'detSign',
  impl([a]) {
    return perMatrix(a, signedDiagonalProduct(factor(a), Math.sign));
  },
  jvp: [null],
  vjp: [null],
  saves: { inputs: [], output: false },
  batch: matrixBatch(() => detSignP),
});

/** Inverse of each matrix; refuses a singular one. */
export const invP: Primitive = definePrimitive({
  name: 'inv',
  impl([a]) {
    const f = factor(a);
    requireNonsingular(f, a.shape, 'inv');
    const { batch, n } = f;
    const eye = allocate(a.dtype, a.size);
    for (let t = 0; t < batch; t++) for (let i = 0; i < n; i++) eye[t * n * n + i * n + i] = 1;
    const out = empty(a.shape, a.dtype);
    backend().luSolve(f.lu, f.perm, batch, n, eye, n, out.data);
    return out;
  },
  jvp: (t, { out }) => neg(matmul(matmul(out, t), out)),
  vjp: (g, { out }) => neg(matmul(matmul(mT(out), g), mT(out))),
  saves: { inputs: [], output: true },
  batch: matrixBatch(() => invP),
});

/** Solves A X = B for batches of equal batch shape: A [..., n, n], B [..., n, k]. */
export const solveP: Primitive = definePrimitive({
  name: 'solve',
  impl([a, b]) {
    const f = factor(a);
    requireNonsingular(f, a.shape, 'solve');
    const out = empty(b.shape, b.dtype);
    backend().luSolve(f.lu, f.perm, f.batch, f.n, b.data, b.shape[b.ndim - 1], out.data);
    return out;
  },
  // dX = A⁻¹ (dB - dA X);  B̄ = A⁻ᵀ X̄,  Ā = -B̄ Xᵀ
  jvp: [(t, { inputs: [a], out }) => neg(solveMatrices(a, matmul(t, out))), (t, { inputs: [a] }) => solveMatrices(a, t)],
  vjp: [(g, { inputs: [a], out }) => neg(matmul(solveMatrices(mT(a), g), mT(out))), (g, { inputs: [a] }) => solveMatrices(mT(a), g)],
  saves: { inputs: [0], output: true },
  batch: ([a, b], [da, db]) => {
    const size = da !== null ? a.shape[da] : b.shape[db as number];
    const front = (x: Tensor, d: number | null) => (d === null ? broadcastTo(expandDims(x, 0), [size, ...x.shape]) : batchToFront(x, d));
    return [bind(solveP, [front(a, da), front(b, db)], undefined), 0];
  },
});

function solveMatrices(a: Tensor, b: Tensor): Tensor {
  return bind(solveP, [a, b], undefined);
}

/** Checks that `a` is a square matrix or a batch of them. */
function checkSquare(a: Tensor, op: string, arg?: string): void {
  requireTensor(a, op, arg);
  if (a.ndim < 2 || a.shape[a.ndim - 1] !== a.shape[a.ndim - 2]) {
    throw new Error(`${op}: expected a square matrix (or a batch of them) in the last two axes, got shape ${fmt(a.shape)}`);
  }
}

/**
 * Determinant of a square matrix (batched over leading axes). A singular matrix gives 0 (its
 * derivative there goes through the inverse, so differentiating at a singular matrix is an error).
 */
export function det(a: Tensor): Tensor {
  checkSquare(a, 'det');
  return bind(detP, [a], undefined);
}

/** Inverse of a square matrix (batched over leading axes). A singular matrix is an error. */
export function inv(a: Tensor): Tensor {
  checkSquare(a, 'inv');
  return bind(invP, [a], undefined);
}

/**
 * Sign and log of the absolute value of the determinant, without overflow for large matrices
 * (what normalizing flows need). A singular matrix gives sign 0 and logabsdet -Infinity. `sign`
 * carries no gradient; the gradient of `logabsdet` is A⁻ᵀ.
 */
export function slogdet(a: Tensor): { sign: Tensor; logabsdet: Tensor } {
  checkSquare(a, 'slogdet');
  return { sign: bind(detSignP, [a], undefined), logabsdet: bind(logAbsDetP, [a], undefined) };
}

/**
 * Solves `a @ x = b` for x. `b` is a vector (1-D, shape [n]) or a matrix of right-hand sides
 * ([..., n, k]; for a batch of vectors use k = 1), as in NumPy 2; batch axes broadcast. A singular
 * `a` is an error.
 */
export function solve(a: Tensor, b: Tensor): Tensor {
  checkSquare(a, 'solve', 'a');
  requireTensor(b, 'solve', 'b');
  if (b.ndim === 0) throw new Error('solve: b must be a vector or a matrix (a Tensor with at least 1 axis)');
  const n = a.shape[a.ndim - 1];
  const vector = b.ndim === 1;
  const rows = vector ? b.shape[b.ndim - 1] : b.shape[b.ndim - 2];
  if (rows !== n) throw new Error(`solve: a of shape ${fmt(a.shape)} needs b with ${n} rows, got shape ${fmt(b.shape)}`);
  const bm = vector ? expandDims(b, -1) : b;
  const batch = broadcastShapes(a.shape.slice(0, -2), bm.shape.slice(0, -2), 'solve (batch dimensions)');
  const dtype = promote(a.dtype, b.dtype);
  const a2 = broadcastTo(astype(a, dtype), [...batch, n, n]);
  const b2 = broadcastTo(astype(bm, dtype), [...batch, n, bm.shape[bm.ndim - 1]]);
  const x = solveMatrices(a2, b2);
  return vector ? reshape(x, x.shape.slice(0, -1)) : x;
}

declare module '../tensor' {
  interface Tensor {
    /** Determinant; see {@link det}. */ det(): Tensor;
    /** Matrix inverse; see {@link inv}. */ inv(): Tensor;
    /** Sign and log|det|; see {@link slogdet}. */ slogdet(): { sign: Tensor; logabsdet: Tensor };
    /** Solves this @ x = b; see {@link solve}. */ solve(b: Tensor): Tensor;
  }
}
defineMethods({ det, inv, slogdet, solve });
