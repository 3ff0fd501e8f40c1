import { describe, expect, it } from 'vitest';
import { jsBackend, wasmSimdBackend, backend, setBackend } from './index';
import { loadWasmKernels, wasmBackend, wasmHeap } from './wasm';
import type { Backend } from './backend';
import { allocate, type DType, type TypedArray } from '../dtype';
import { matmul, randn, tensor } from '../index';

describe('the WebAssembly SIMD backend', () => {
  it('is built and loads (npm run build -w @jacobi/core builds it), and runs the suite unless JACOBI_BACKEND=js', () => {
    const { kernels, reason } = loadWasmKernels();
    expect(reason).toBeUndefined();
    expect(kernels).not.toBeNull();
    // vitest.config.ts runs every file once per backend; the wasm run must really use the SIMD kernels
    const selected = process.env.JACOBI_BACKEND;
    expect(['wasm', 'js']).toContain(selected);
    expect(backend().name).toBe(selected === 'js' ? 'js' : 'wasm-simd');
    expect(backend() === jsBackend).toBe(selected === 'js');
  });

  const cases: [number[], number[]][] = [
    [[5, 7], [7, 3]],          // odd sizes exercise the scalar tails
    [[8, 4], [4, 9]],
    [[2, 3, 5], [5, 6]],       // a batch against one matrix
    [[2, 1, 4, 3], [3, 3, 2]], // broadcast batch axes
  ];
  for (const dtype of ['float64', 'float32'] as const) {
    it(`matmul gives the same products as the JS kernels (${dtype})`, () => {
      const simd = wasmSimdBackend()!;
      cases.forEach(([sa, sb], i) => {
        const a = randn(sa, { seed: i, dtype }), b = randn(sb, { seed: 100 + i, dtype });
        const prev = setBackend(jsBackend);
        const want = matmul(a, b);
        setBackend(simd);
        const got = matmul(a, b);
        setBackend(prev);
        expect(got.shape).toEqual(want.shape);
        const tol = dtype === 'float64' ? 1e-12 : 1e-5;
        got.data.forEach((v, j) => expect(Math.abs(v - want.data[j])).toBeLessThanOrEqual(tol * (1 + Math.abs(want.data[j]))));
      });
    });
  }

  it('handles a large product (memory grows as needed)', () => {
    const a = randn([300, 200], { seed: 1 }), b = randn([200, 250], { seed: 2 });
    const prev = setBackend(jsBackend);
    const want = matmul(a, b).data;
    setBackend(prev);
    const got = matmul(a, b).data;
    let worst = 0;
    got.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - want[i]))));
    expect(worst).toBeLessThan(1e-10);
    expect(matmul(tensor([[1, 2]]), tensor([[3], [4]])).item()).toBe(11);
  });

  it('propagates NaN and Infinity through matmul in both backends (0 * NaN is NaN)', () => {
    const a = tensor([[0, 1], [1, 0]]), b = tensor([[NaN, 2], [3, Infinity]]);
    for (const kernels of [jsBackend, wasmSimdBackend()!]) {
      const prev = setBackend(kernels);
      const got = Array.from(matmul(a, b).data);
      setBackend(prev);
      expect(got, kernels.name).toEqual([NaN, Infinity, NaN, NaN]);
    }
  });
});

describe('the JS strided kernels', () => {
  // A plain reference: visit every multi-index and add up each operand's offset.
  function reference(shape: number[], strides: number[][], visit: (i: number, offs: number[]) => void): void {
    const total = shape.reduce((a, b) => a * b, 1);
    for (let i = 0; i < total; i++) {
      let rest = i;
      const offs = strides.map(() => 0);
      for (let d = shape.length - 1; d >= 0; d--) {
        const k = rest % shape[d];
        rest = (rest - k) / shape[d];
        strides.forEach((s, t) => (offs[t] += k * s[d]));
      }
      visit(i, offs);
    }
  }
  const source = Float64Array.from({ length: 200 }, (_, i) => i * 1.5 - 40);
  // shapes with axes of length 1, axes that merge (contiguous), and axes that do not (transposed, broadcast)
  const layouts: [string, number[], number[], number][] = [
    ['a transpose to [n, n, 1]', [4, 5, 1], [1, 4, 0], 0],
    ['contiguous with unit axes', [1, 3, 1, 4], [0, 4, 0, 1], 2],
    ['broadcast middle axis', [3, 2, 4], [4, 0, 1], 1],
    ['reversed rows', [3, 5], [-5, 1], 12],
    ['all unit axes', [1, 1, 1], [0, 0, 0], 7],
    ['rank 0', [], [], 3],
    ['mergeable pair then a gap', [2, 3, 2], [12, 2, 1], 0],
  ];
  for (const [name, shape, strides, offset] of layouts) {
    it(`strided copy (and binary broadcast) match a plain reference: ${name}`, () => {
      const size = shape.reduce((a, b) => a * b, 1);
      const got = new Float64Array(size), want = new Float64Array(size);
      jsBackend.strided(source, offset, strides, shape, got);
      reference(shape, [strides], (i, [o]) => (want[i] = source[offset + o]));
      expect(Array.from(got)).toEqual(Array.from(want));
      if (strides.some((s) => s < 0)) return; // binary operands have no offset to step back from
      const other = Float64Array.from({ length: 100 }, (_, i) => i + 0.25);
      const otherStrides = shape.map((_, d) => (d % 2 === 0 ? 0 : shape.slice(d + 1).reduce((a, b) => a * b, 1)));
      const sumGot = new Float64Array(size), sumWant = new Float64Array(size);
      jsBackend.binary('sub', source.subarray(offset), strides, other, otherStrides, shape, sumGot);
      reference(shape, [strides, otherStrides], (i, [o, p]) => (sumWant[i] = source[offset + o] - other[p]));
      expect(Array.from(sumGot)).toEqual(Array.from(sumWant));
    });
  }
});

describe('the WebAssembly GEMM against the plain TypeScript kernel', () => {
  const { kernels } = loadWasmKernels();
  const single = wasmBackend(kernels!, { threads: 1 });
  const threaded = wasmBackend(kernels!, { threads: 2, parallelMinWork: 0, backOff: false });
  const random = (length: number, dtype: DType, seed: number) => randn([length], { seed, dtype }).data;

  /** out (pre-filled with NaN: the kernel must overwrite every element) of one backend's product. */
  function product(kernels: Backend, dtype: DType, a: TypedArray, aBatch: number[], b: TypedArray, bBatch: number[], [m, k, n]: readonly number[], transA: boolean, transB: boolean): TypedArray {
    const out = allocate(dtype, aBatch.length * m * n).fill(NaN);
    kernels.matmul(a, aBatch, b, bBatch, m, k, n, out, transA, transB);
    return out;
  }

  /** Every element of got equals want's (NaN included), or is within tol(i) of it. */
  function expectAgree(got: TypedArray, want: TypedArray, tol: (i: number) => number, label: string): void {
    expect(got.length, label).toBe(want.length);
    const bad = want.findIndex((w, i) => !(Object.is(w, got[i]) || Math.abs(w - got[i]) <= tol(i)));
    expect(bad === -1 ? 'all equal' : `element ${bad}: ${got[bad]} vs ${want[bad]}`, label).toBe('all equal');
  }

  function check(dtype: DType, [m, k, n]: number[], transA: boolean, transB: boolean, batch = { a: [0], b: [0], aCount: 1, bCount: 1 }): void {
    const a = random(batch.aCount * m * k, dtype, m * 1000 + k), b = random(batch.bCount * k * n, dtype, n * 1000 + k + 1);
    const args = [batch.a, b, batch.b, [m, k, n], transA, transB] as const;
    const want = product(jsBackend, dtype, a, ...args);
    const bound = dtype === 'float64' ? want : product(jsBackend, dtype, a.map(Math.abs), batch.a, b.map(Math.abs), batch.b, [m, k, n], transA, transB);
    const label = `${dtype} ${m}x${k}x${n} transA=${transA} transB=${transB} batch=${batch.a.length}`;
    // float64: bit for bit (both kernels sum each element in order p = 0..k-1). float32: within the
    // rounding-error bound of a k-term dot product, 2(k+2)·2⁻²⁴·Σ|a||b| (computed with the JS kernel).
    const tol = (i: number) => (dtype === 'float64' ? 0 : 2 * (k + 2) * 2 ** -24 * bound[i]);
    const one = product(single, dtype, a, ...args), two = product(threaded, dtype, a, ...args);
    expectAgree(one, want, tol, label + ' (1 thread)');
    expectAgree(two, want, tol, label + ' (2 threads)');
    // However a product is split over threads, each element is computed the same way.
    expectAgree(two, one, () => 0, label + ' (2 threads vs 1, bit for bit)');
  }

  // Blocking: micro-tiles of 4 rows x 8 (f32) or 4 (f64) columns, MC = 96 rows,
  // KC = 256 (f32) or 192 (f64) inner steps, NC = 1024 columns. Sizes sit on and around each.
  const shapes = [
    [1, 1, 1], [1, 7, 1], [1, 5, 9], [7, 5, 1], [3, 0, 4], [0, 3, 4], [4, 3, 0],
    [4, 8, 8], [5, 9, 9], [3, 3, 7], [8, 2, 4], [9, 11, 3],
    [95, 191, 7], [96, 192, 8], [97, 193, 9],
    [13, 255, 17], [13, 256, 17], [13, 257, 17],
    [5, 3, 1023], [5, 3, 1024], [5, 3, 1025],
    [131, 20, 6], [6, 20, 131],
  ];
  for (const dtype of ['float64', 'float32'] as const) {
    for (const [transA, transB] of [[false, false], [true, false], [false, true], [true, true]]) {
      it(`agrees on every blocking edge (${dtype}, transA=${transA}, transB=${transB})`, () => {
        for (const shape of shapes) check(dtype, shape, transA, transB);
      });
    }

    it(`agrees across all block boundaries at once, and on batches (${dtype})`, () => {
      check(dtype, [97, 257, 1025], false, false);
      check(dtype, [97, 257, 1025], true, true);
      // Three products: A[0] @ B[0], A[1] @ B[0], A[0] @ B[1] (broadcast batches reuse operands).
      const batch = { a: [0, 6 * 5, 0], b: [0, 0, 5 * 9], aCount: 2, bCount: 2 };
      for (const [transA, transB] of [[false, false], [true, true]]) check(dtype, [6, 5, 9], transA, transB, batch);
    });
  }

  it('refuses operands beyond 2 GiB with a clear error, and keeps working', () => {
    expect(() => wasmHeap(kernels!).scratch(2 ** 30, 2 ** 30)).toThrow(/wasm backend: operands of 2147483648 bytes do not fit in its 2 GiB of WebAssembly memory/);
    check('float64', [3, 4, 5], false, true);
  });

  it('fails when a kernel gets a product wrong (the comparison is not vacuous)', () => {
    const wrong: Backend = { ...single, matmul: (...args) => { single.matmul(...args); args[7][args[7].length - 1] *= 1 + 2 ** -20; } };
    for (const dtype of ['float64', 'float32'] as const) {
      const a = random(6, dtype, 1), b = random(6, dtype, 2);
      const got = product(wrong, dtype, a, [0], b, [0], [2, 3, 2], false, false), want = product(jsBackend, dtype, a, [0], b, [0], [2, 3, 2], false, false);
      expect(() => expectAgree(got, want, () => 0, dtype)).toThrow(/element 3/);
    }
  });

  it('propagates NaN and Infinity from any block (0 * NaN is NaN)', () => {
    const [m, k, n] = [9, 300, 10];
    const a = random(m * k, 'float64', 1), b = random(k * n, 'float64', 2);
    a[5 * k + 260] = NaN; // row 5, in the second KC block
    b[7 * n + 9] = Infinity; // column 9, an edge tile
    const got = product(threaded, 'float64', a, [0], b, [0], [m, k, n], false, false);
    expect(Array.from(got)).toEqual(Array.from(product(jsBackend, 'float64', a, [0], b, [0], [m, k, n], false, false)));
    expect(got.filter(Number.isNaN).length).toBeGreaterThanOrEqual(n);
  });
});

// Found by properties/malformed.test.ts: setBackend took any object, and every op failed afterwards.
describe('setBackend', () => {
  it('refuses an object missing kernels, naming them, and keeps the current backend', () => {
    const before = backend();
    expect(() => setBackend({ unary: () => undefined } as unknown as Backend)).toThrow(/^setBackend: not a backend: missing .*binary/);
    expect(backend()).toBe(before);
  });
});
