/**
 * The numeric kernels: plain loops over contiguous typed arrays, with no knowledge of autodiff.
 * Primitives call these through `backend()`, so a faster implementation (WebAssembly SIMD, say)
 * can be swapped in with `setBackend` without touching any differentiation rule.
 */
import type { TypedArray } from '../dtype';
import type { Shape } from '../shape';

/** Names of the elementwise kernels of one array. */
export type UnaryKernel =
  | 'neg' | 'exp' | 'log' | 'log1p' | 'sin' | 'cos' | 'tanh' | 'sqrt' | 'abs' | 'sign'
  | 'sigmoid' | 'relu' | 'step';
/** Names of the elementwise kernels of two arrays (comparisons give 1 or 0). */
export type BinaryKernel =
  | 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'max' | 'min'
  | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';
/** Names of the reduction kernels. */
export type ReduceKernel = 'sum' | 'max' | 'min' | 'prod';

/** The kernels a backend provides; see {@link setBackend}. All work on contiguous row-major storage. */
export interface Backend {
  /** Shown in reports, e.g. 'js' or 'wasm-simd'. */
  readonly name: string;
  /** out[i] = op(x[i]) */
  unary(op: UnaryKernel, x: TypedArray, out: TypedArray): void;
  /** Elementwise op of a and b read through (possibly zero) strides over `shape`. */
  binary(op: BinaryKernel, a: TypedArray, aStrides: Shape, b: TypedArray, bStrides: Shape, shape: Shape, out: TypedArray): void;
  /** out = cond != 0 ? a : b, all read through strides over `shape`. */
  where(cond: TypedArray, cStrides: Shape, a: TypedArray, aStrides: Shape, b: TypedArray, bStrides: Shape, shape: Shape, out: TypedArray): void;
  /** Reduces x (of `shape`) over `axes` into out (the keepdims shape, row-major). */
  reduce(op: ReduceKernel, x: TypedArray, shape: Shape, axes: readonly number[], out: TypedArray): void;
  /** Gathers x read through `strides` starting at `offset` over `shape` into contiguous out. */
  strided(x: TypedArray, offset: number, strides: Shape, shape: Shape, out: TypedArray): void;
  /** The inverse of `strided`: writes contiguous x to out at `offset` + index·strides over `shape`. */
  scatter(x: TypedArray, offset: number, strides: Shape, shape: Shape, out: TypedArray): void;
  /**
   * Viewing x as [outer, n, inner] and out as [outer, indices.length, inner]:
   * out[o, j, i] = x[o, indices[j], i]. Indices are in range (checked by the caller).
   */
  gather(x: TypedArray, outer: number, n: number, inner: number, indices: Int32Array, out: TypedArray): void;
  /**
   * The transpose of `gather`: viewing src as [outer, indices.length, inner] and out (zeroed by the
   * caller) as [outer, n, inner], out[o, indices[j], i] += src[o, j, i].
   */
  scatterAdd(src: TypedArray, outer: number, n: number, inner: number, indices: Int32Array, out: TypedArray): void;
  /**
   * Batched matrix product: for each batch index t, out[t] (m x n) = A[t] (m x k) @ B[t] (k x n),
   * where aBatch/bBatch give each batch's element offset into a and b. With `transA` each A[t] is
   * stored as its transpose (k x m, row-major), with `transB` each B[t] as n x k: products by a
   * transposed operand need no transposed copy.
   */
  matmul(a: TypedArray, aBatch: readonly number[], b: TypedArray, bBatch: readonly number[], m: number, k: number, n: number, out: TypedArray, transA?: boolean, transB?: boolean): void;
  /** In-place LU factorization with partial pivoting of each n x n matrix; returns pivot parities (+1/-1, or 0 if singular). */
  lu(a: TypedArray, batch: number, n: number, perm: Int32Array): Int8Array;
  /**
   * Solves A X = B for each batch, given `lu`/`perm` from {@link Backend.lu} (nonsingular) and B of
   * shape [batch, n, k]; writes X (same shape) into out.
   */
  luSolve(lu: TypedArray, perm: Int32Array, batch: number, n: number, b: TypedArray, k: number, out: TypedArray): void;
}
