/**
 * The WebAssembly SIMD versions of the elementwise, reduction and strided-copy kernels
 * (assembly/{elementwise,reduce,transpose}.ts). Each method copies its operands into the scratch
 * region of the module's memory, runs one kernel and copies the result out; layouts the kernels
 * do not cover, and arrays too small to repay the copies, go to the plain JS kernels.
 */
import type { DType, TypedArray } from '../dtype';
import type { Backend, BinaryKernel, ReduceKernel, UnaryKernel } from './backend';
import { jsBackend, simplify } from './js';
import type { WasmHeap } from './wasm';

/** The exports of assembly/{elementwise,reduce,transpose}.ts (pointers are byte addresses). */
export interface ElementwiseKernels {
  unaryF64(op: number, x: number, out: number, n: number): void;
  unaryF32(op: number, x: number, out: number, n: number): void;
  binaryF64(op: number, a: number, aRow: number, aStep: number, b: number, bRow: number, bStep: number, out: number, rows: number, cols: number): void;
  binaryF32(op: number, a: number, aRow: number, aStep: number, b: number, bRow: number, bStep: number, out: number, rows: number, cols: number): void;
  reduceRowsF64(op: number, x: number, out: number, rows: number, len: number): void;
  reduceRowsF32(op: number, x: number, out: number, rows: number, len: number): void;
  reduceColsF64(op: number, x: number, out: number, outer: number, len: number, inner: number): void;
  reduceColsF32(op: number, x: number, acc: number, out: number, outer: number, len: number, inner: number): void;
  gather2dF64(x: number, out: number, rows: number, cols: number, rowStride: number, colStride: number): void;
  gather2dF32(x: number, out: number, rows: number, cols: number, rowStride: number, colStride: number): void;
}

// Op codes of the kernels (the constants at the top of assembly/elementwise.ts and reduce.ts).
// sin and cos have no SIMD kernel: they stay on Math.sin / Math.cos.
const UNARY_CODES: Partial<Record<UnaryKernel, number>> = {
  neg: 0, exp: 1, log: 2, log1p: 3, tanh: 4, sqrt: 5, abs: 6, sign: 7, sigmoid: 8, relu: 9, step: 10,
};
// pow stays on Math.pow (and its C-style special cases in js.ts).
const BINARY_CODES: Partial<Record<BinaryKernel, number>> = {
  add: 0, sub: 1, mul: 2, div: 3, max: 4, min: 5, eq: 6, ne: 7, lt: 8, le: 9, gt: 10, ge: 11,
};
const REDUCE_CODES: Record<ReduceKernel, number> = { sum: 0, prod: 1, max: 2, min: 3 };

/**
 * Below these sizes (elements of the result, or of the input for reductions) the plain JS loop
 * wins over copying into wasm memory and back, measured here (Node 20, float32 and float64):
 * unary maps cross over at 16-32 elements, reductions below 16, transposes near 256, binary ops
 * near 48 (with the JS loop running many ops, as in real use; a loop that only ever adds stays
 * ahead up to ~1024).
 */
export const WASM_MIN_ELEMENTS = { unary: 64, binary: 64, reduce: 32, strided: 1024 };

const dtypeOf = (a: TypedArray): DType => (a instanceof Float32Array ? 'float32' : 'float64');
/** The kernels run in one dtype: operands of mixed float32/float64 go to the JS kernels. */
const sameDtype = (out: TypedArray, ...inputs: TypedArray[]) => inputs.every((x) => x.BYTES_PER_ELEMENT === out.BYTES_PER_ELEMENT);

/** The elementwise, reduction and strided-copy methods of the wasm backend, on loaded kernels. */
export function elementwiseMethods(kernels: ElementwiseKernels, heap: WasmHeap): Pick<Backend, 'unary' | 'binary' | 'reduce' | 'strided'> {
  /** Copies x into wasm memory at ptr (a block from heap.scratch). */
  const copyIn = (dtype: DType, ptr: number, x: TypedArray) => heap.view(dtype, ptr, x.length).set(x);
  /** Scratch blocks of these sizes, or null when memory cannot grow that far (the JS kernels then run). */
  const blocks = (...bytes: number[]): number[] | null => {
    try {
      return heap.scratch(...bytes);
    } catch (e) {
      if (e instanceof RangeError) return null; // WebAssembly.Memory.grow past its maximum
      throw e;
    }
  };

  return {
    unary(op, x, out) {
      const code = UNARY_CODES[op];
      const eligible = code !== undefined && x.length >= WASM_MIN_ELEMENTS.unary && sameDtype(out, x);
      const ptrs = eligible ? blocks(x.byteLength, out.byteLength) : null;
      if (!ptrs) return jsBackend.unary(op, x, out);
      const [xPtr, oPtr] = ptrs;
      const dtype = dtypeOf(x);
      copyIn(dtype, xPtr, x);
      (dtype === 'float32' ? kernels.unaryF32 : kernels.unaryF64)(code!, xPtr, oPtr, x.length);
      out.set(heap.view(dtype, oPtr, out.length));
    },

    binary(op, a, aStrides, b, bStrides, shape, out) {
      const code = BINARY_CODES[op];
      const eligible = code !== undefined && out.length >= WASM_MIN_ELEMENTS.binary && sameDtype(out, a, b);
      const layout = eligible ? rowsOf(shape, aStrides, bStrides) : null;
      const ptrs = layout && blocks(a.byteLength, b.byteLength, out.byteLength);
      if (!layout || !ptrs) return jsBackend.binary(op, a, aStrides, b, bStrides, shape, out);
      const { rows, cols, aRow, aStep, bRow, bStep } = layout;
      const [aPtr, bPtr, oPtr] = ptrs;
      const dtype = dtypeOf(out);
      copyIn(dtype, aPtr, a);
      copyIn(dtype, bPtr, b);
      const kernel = dtype === 'float32' ? kernels.binaryF32 : kernels.binaryF64;
      kernel(code!, aPtr, aRow, aStep, bPtr, bRow, bStep, oPtr, rows, cols);
      out.set(heap.view(dtype, oPtr, out.length));
    },

    reduce(op, x, shape, axes, out) {
      const split = x.length >= WASM_MIN_ELEMENTS.reduce && sameDtype(out, x) ? splitReduced(shape, axes) : null;
      const ptrs = split && blocks(x.byteLength, out.byteLength, split.inner * 8);
      if (!split || !ptrs) return jsBackend.reduce(op, x, shape, axes, out);
      const { outer, len, inner } = split;
      const [xPtr, oPtr, accPtr] = ptrs;
      const dtype = dtypeOf(x);
      const code = REDUCE_CODES[op];
      copyIn(dtype, xPtr, x);
      if (inner === 1) (dtype === 'float32' ? kernels.reduceRowsF32 : kernels.reduceRowsF64)(code, xPtr, oPtr, outer, len);
      else if (dtype === 'float32') kernels.reduceColsF32(code, xPtr, accPtr, oPtr, outer, len, inner);
      else kernels.reduceColsF64(code, xPtr, oPtr, outer, len, inner);
      out.set(heap.view(dtype, oPtr, out.length));
    },

    strided(x, offset, strides, shape, out) {
      const [dims, [st]] = simplify(shape, [strides]);
      // A worthwhile strided copy: a large 2-D (or batched 2-D) gather that does not step through
      // its rows contiguously, reading most of x (x is copied in whole).
      const rank = dims.length;
      const worth = out.length >= WASM_MIN_ELEMENTS.strided && x.length <= 2 * out.length && (rank === 2 || rank === 3) && st[rank - 1] !== 1 && sameDtype(out, x);
      const ptrs = worth ? blocks(x.byteLength, out.byteLength) : null;
      if (!ptrs) return jsBackend.strided(x, offset, strides, shape, out);
      const [xPtr, oPtr] = ptrs;
      const dtype = dtypeOf(x);
      const size = x.BYTES_PER_ELEMENT;
      copyIn(dtype, xPtr, x);
      const kernel = dtype === 'float32' ? kernels.gather2dF32 : kernels.gather2dF64;
      const [batch, batchStride] = rank === 3 ? [dims[0], st[0]] : [1, 0];
      const rows = dims[rank - 2], cols = dims[rank - 1];
      for (let t = 0; t < batch; t++) {
        kernel(xPtr + (offset + t * batchStride) * size, oPtr + t * rows * cols * size, rows, cols, st[rank - 2], st[rank - 1]);
      }
      out.set(heap.view(dtype, oPtr, out.length));
    },
  };
}

/**
 * The binary kernels' view of a broadcast: at most two axes after merging, each operand stepping
 * through the last one contiguously (1) or not at all (0), and through rows by any stride ≥ 0.
 */
function rowsOf(shape: readonly number[], aStrides: readonly number[], bStrides: readonly number[]) {
  const [dims, [sa, sb]] = simplify(shape, [aStrides, bStrides]);
  if (dims.length === 0 || dims.length > 2) return null;
  const last = dims.length - 1;
  const rows = last === 1 ? dims[0] : 1, cols = dims[last];
  const aRow = last === 1 ? sa[0] : 0, bRow = last === 1 ? sb[0] : 0;
  const aStep = sa[last], bStep = sb[last];
  if (aRow < 0 || bRow < 0 || aStep > 1 || aStep < 0 || bStep > 1 || bStep < 0) return null;
  return { rows, cols, aRow, aStep, bRow, bStep };
}

/**
 * Reducing `axes` of `shape` as [outer, len, inner] (len the reduced part): possible when the
 * reduced axes longer than 1 are adjacent. Null otherwise, or when nothing is reduced.
 */
function splitReduced(shape: readonly number[], axes: readonly number[]) {
  let outer = 1, len = 1, inner = 1;
  let phase = 0; // 0: before the reduced run, 1: inside it, 2: after it
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const reduced = axes.includes(d);
    if (reduced && phase === 2) return null;
    if (reduced) { phase = 1; len *= shape[d]; }
    else if (phase === 0) outer *= shape[d];
    else { phase = 2; inner *= shape[d]; }
  }
  return len > 1 ? { outer, len, inner } : null;
}
