/** The reference backend: plain JavaScript loops. */
import type { TypedArray } from '../dtype';
import { stridesOf, type Shape } from '../shape';
import type { Backend, BinaryKernel, ReduceKernel, UnaryKernel } from './backend';

const UNARY: Record<UnaryKernel, (v: number) => number> = {
  neg: (v) => -v,
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  sqrt: Math.sqrt,
  abs: Math.abs,
  sign: (v) => (v > 0 ? 1 : v < 0 ? -1 : v === 0 ? 0 : NaN),
  // Split by sign so large |v| neither overflows exp nor loses precision.
  sigmoid: (v) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v))),
  relu: (v) => (v > 0 ? v : v === v ? 0 : NaN),
  step: (v) => (v > 0 ? 1 : v === v ? 0 : NaN),
};

// max/min propagate NaN (like NumPy's maximum), which Math.max already does.
const BINARY: Record<BinaryKernel, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  // C's pow (NumPy, JAX, PyTorch): 1 ** y = 1 and (-1) ** ±Inf = 1, where JavaScript gives NaN.
  pow: (a, b) => (a === 1 || (a === -1 && Math.abs(b) === Infinity) ? 1 : Math.pow(a, b)),
  max: Math.max,
  min: Math.min,
  eq: (a, b) => +(a === b),
  ne: (a, b) => +(a !== b),
  lt: (a, b) => +(a < b),
  le: (a, b) => +(a <= b),
  gt: (a, b) => +(a > b),
  ge: (a, b) => +(a >= b),
};

/**
 * Walks `shape` in row-major order one innermost row at a time: `row` gets the flat output index
 * of the row's first element, each operand's offset there (advanced by its strides), the row's
 * length and each operand's innermost stride, and runs the tight loop itself.
 */
function walk(fullShape: Shape, fullStrides: readonly Shape[], row: (i: number, offs: number[], len: number, innerStrides: number[]) => void): void {
  let total = 1;
  for (const d of fullShape) total *= d;
  if (total === 0) return;
  const [shape, strides] = simplify(fullShape, fullStrides);
  const rank = shape.length;
  const n = strides.length;
  if (rank === 0) {
    row(0, new Array(n).fill(0), 1, new Array(n).fill(0)); // a scalar is one row of one element
    return;
  }
  const last = shape[rank - 1];
  const innerStrides = strides.map((s) => s[rank - 1]);
  const idx = new Array<number>(rank).fill(0);
  const offs = new Array<number>(n).fill(0);
  let i = 0;
  for (;;) {
    row(i, offs, last, innerStrides);
    i += last;
    // odometer over the outer dimensions
    let d = rank - 2;
    for (; d >= 0; d--) {
      idx[d]++;
      for (let t = 0; t < n; t++) offs[t] += strides[t][d];
      if (idx[d] < shape[d]) break;
      for (let t = 0; t < n; t++) offs[t] -= strides[t][d] * shape[d];
      idx[d] = 0;
    }
    if (d < 0) return;
  }
}

/**
 * The same walk over fewer, longer rows (the wasm kernels see layouts this way too): drops axes of
 * length 1 and merges each axis into the next where every operand steps through both as one
 * (stride[d] = stride[d+1] · shape[d+1]). A transpose to [n, n, 1] otherwise runs n² rows of one
 * element.
 */
export function simplify(shape: Shape, strides: readonly Shape[]): [number[], number[][]] {
  const dims: number[] = [];
  const st: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const last = dims.length - 1;
    if (last >= 0 && strides.every((s, t) => st[t][last] === s[d] * shape[d])) {
      dims[last] *= shape[d];
      strides.forEach((s, t) => (st[t][last] = s[d]));
    } else {
      dims.push(shape[d]);
      strides.forEach((s, t) => st[t].push(s[d]));
    }
  }
  return [dims, st];
}

/** The plain JavaScript kernels: always available, the reference for every other backend. */
export const jsBackend: Backend = {
  name: 'js',

  unary(op, x, out) {
    const f = UNARY[op];
    for (let i = 0; i < x.length; i++) out[i] = f(x[i]);
  },

  binary(op, a, aStrides, b, bStrides, shape, out) {
    const f = BINARY[op];
    if (a.length === out.length && b.length === out.length) {
      for (let i = 0; i < out.length; i++) out[i] = f(a[i], b[i]);
      return;
    }
    if (b.length === 1 && a.length === out.length) {
      const bv = b[0];
      for (let i = 0; i < out.length; i++) out[i] = f(a[i], bv);
      return;
    }
    walk(shape, [aStrides, bStrides], (i, offs, len, st) => {
      let ia = offs[0], ib = offs[1];
      const sa = st[0], sb = st[1];
      for (let j = 0; j < len; j++, ia += sa, ib += sb) out[i + j] = f(a[ia], b[ib]);
    });
  },

  where(cond, cs, a, as, b, bs, shape, out) {
    walk(shape, [cs, as, bs], (i, offs, len, st) => {
      let ic = offs[0], ia = offs[1], ib = offs[2];
      for (let j = 0; j < len; j++, ic += st[0], ia += st[1], ib += st[2]) out[i + j] = cond[ic] !== 0 ? a[ia] : b[ib];
    });
  },

  reduce(op, x, shape, axes, out) {
    const init = op === 'sum' ? 0 : op === 'prod' ? 1 : op === 'max' ? -Infinity : Infinity;
    // float32 results accumulate in float64 and round once at the end, so a long float32 sum does
    // not drift (the aim of NumPy's pairwise summation)
    const acc = out instanceof Float64Array ? out : new Float64Array(out.length);
    acc.fill(init);
    // Output strides with 0 on reduced axes: every input element lands on its output slot.
    const outShape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
    const os = stridesOf(outShape).map((s, i) => (axes.includes(i) ? 0 : s));
    const xs = stridesOf(shape);
    const f: (acc: number, v: number) => number =
      op === 'sum' ? (p, v) => p + v
      : op === 'prod' ? (p, v) => p * v
      : op === 'max' ? (p, v) => (v > p || v !== v ? v : p)
      : (p, v) => (v < p || v !== v ? v : p);
    walk(shape, [xs, os], (_i, offs, len, st) => {
      let ix = offs[0], io = offs[1];
      for (let j = 0; j < len; j++, ix += st[0], io += st[1]) acc[io] = f(acc[io], x[ix]);
    });
    if (acc !== out) out.set(acc);
  },

  strided(x, offset, strides, shape, out) {
    walk(shape, [strides], (i, offs, len, st) => {
      let ix = offset + offs[0];
      const s = st[0];
      for (let j = 0; j < len; j++, ix += s) out[i + j] = x[ix];
    });
  },

  scatter(x, offset, strides, shape, out) {
    walk(shape, [strides], (i, offs, len, st) => {
      let io = offset + offs[0];
      const s = st[0];
      for (let j = 0; j < len; j++, io += s) out[io] = x[i + j];
    });
  },

  gather(x, outer, n, inner, indices, out) {
    const m = indices.length;
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < m; j++) {
        const from = (o * n + indices[j]) * inner, to = (o * m + j) * inner;
        for (let i = 0; i < inner; i++) out[to + i] = x[from + i];
      }
    }
  },

  scatterAdd(src, outer, n, inner, indices, out) {
    const m = indices.length;
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < m; j++) {
        const to = (o * n + indices[j]) * inner, from = (o * m + j) * inner;
        for (let i = 0; i < inner; i++) out[to + i] += src[from + i];
      }
    }
  },

  matmul(a, aBatch, b, bBatch, m, k, n, out, transA = false, transB = false) {
    // Element (i, p) of A is at i*rsA + p*csA, element (p, j) of B at p*rsB + j*csB.
    const [rsA, csA] = transA ? [1, m] : [k, 1];
    const [rsB, csB] = transB ? [1, k] : [n, 1];
    out.fill(0);
    for (let t = 0; t < aBatch.length; t++) {
      const ao = aBatch[t], bo = bBatch[t], oo = t * m * n;
      // i-p-j order: the inner loop streams a row of out (and of B unless it is transposed).
      // Each out element is summed in order p = 0..k-1, as the WebAssembly kernel does.
      for (let i = 0; i < m; i++) {
        const orow = oo + i * n;
        for (let p = 0; p < k; p++) {
          const av = a[ao + i * rsA + p * csA]; // no skip when av is 0: 0 * NaN and 0 * Infinity are NaN
          const brow = bo + p * rsB;
          for (let j = 0; j < n; j++) out[orow + j] += av * b[brow + j * csB];
        }
      }
    }
  },

  lu(a, batch, n, perm) {
    const parity = new Int8Array(batch);
    for (let t = 0; t < batch; t++) {
      const o = t * n * n;
      let sign = 1;
      for (let i = 0; i < n; i++) perm[t * n + i] = i;
      for (let c = 0; c < n; c++) {
        let piv = c, best = Math.abs(a[o + c * n + c]);
        for (let r = c + 1; r < n; r++) {
          const v = Math.abs(a[o + r * n + c]);
          if (v > best) { best = v; piv = r; }
        }
        if (best === 0) { sign = 0; continue; }
        if (piv !== c) {
          for (let j = 0; j < n; j++) {
            const tmp = a[o + c * n + j]; a[o + c * n + j] = a[o + piv * n + j]; a[o + piv * n + j] = tmp;
          }
          const tp = perm[t * n + c]; perm[t * n + c] = perm[t * n + piv]; perm[t * n + piv] = tp;
          sign = -sign;
        }
        const d = a[o + c * n + c];
        for (let r = c + 1; r < n; r++) {
          const l = (a[o + r * n + c] /= d);
          if (l === 0) continue;
          for (let j = c + 1; j < n; j++) a[o + r * n + j] -= l * a[o + c * n + j];
        }
      }
      parity[t] = sign;
    }
    return parity;
  },

  luSolve(lu, perm, batch, n, b, k, out) {
    for (let t = 0; t < batch; t++) {
      const a = t * n * n, o = t * n * k;
      // permute rows of B, then forward-substitute L (unit diagonal) and back-substitute U
      for (let i = 0; i < n; i++) {
        const src = o + perm[t * n + i] * k;
        for (let j = 0; j < k; j++) out[o + i * k + j] = b[src + j];
      }
      for (let i = 1; i < n; i++) {
        for (let p = 0; p < i; p++) {
          const l = lu[a + i * n + p];
          if (l === 0) continue;
          for (let j = 0; j < k; j++) out[o + i * k + j] -= l * out[o + p * k + j];
        }
      }
      for (let i = n - 1; i >= 0; i--) {
        for (let p = i + 1; p < n; p++) {
          const u = lu[a + i * n + p];
          if (u === 0) continue;
          for (let j = 0; j < k; j++) out[o + i * k + j] -= u * out[o + p * k + j];
        }
        const d = lu[a + i * n + i];
        for (let j = 0; j < k; j++) out[o + i * k + j] /= d;
      }
    }
  },
};

export type { TypedArray };
