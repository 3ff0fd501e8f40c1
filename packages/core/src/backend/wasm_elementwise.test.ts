import { describe, expect, it } from 'vitest';
import type { TypedArray } from '../dtype';
import { stridesOf } from '../shape';
import type { BinaryKernel, ReduceKernel, UnaryKernel } from './backend';
import { jsBackend } from './js';
import { loadWasmKernels, wasmHeap } from './wasm';
import { elementwiseMethods, WASM_MIN_ELEMENTS, type ElementwiseKernels } from './wasm_elementwise';

// These tests call the SIMD kernels directly (whichever backend the run selected), always against
// the plain JS kernels as the reference.
const { kernels, reason } = loadWasmKernels();
if (!kernels) throw new Error(`wasm kernels did not load: ${reason}`);
// The kernels, wrapped to record which ran: each case checks that it reached wasm (or, for the
// layouts left to JS, that it did not).
const ran = new Set<string>();
const KERNEL_NAMES = ['unaryF64', 'unaryF32', 'binaryF64', 'binaryF32', 'reduceRowsF64', 'reduceRowsF32', 'reduceColsF64', 'reduceColsF32', 'gather2dF64', 'gather2dF32'] as const;
const recording = Object.fromEntries(KERNEL_NAMES.map((name) => [name, (...args: number[]) => {
  ran.add(name);
  return (kernels[name] as (...a: number[]) => void)(...args);
}])) as unknown as ElementwiseKernels;
const simd = elementwiseMethods(recording, wasmHeap(kernels));

/** Runs f and returns whether a wasm kernel whose name starts with `prefix` ran. */
function usedWasm(prefix: string, f: () => void): boolean {
  ran.clear();
  f();
  return [...ran].some((name) => name.startsWith(prefix));
}

/** Distance in units in the last place between two float64 values (0 for equal values or two NaNs). */
function ulps(a: number, b: number): number {
  if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))) return 0;
  if (!Number.isFinite(a) || !Number.isFinite(b) || Number.isNaN(a) || Number.isNaN(b)) return Infinity;
  const bits = new BigInt64Array(new Float64Array([a, b]).buffer);
  // map the sign-magnitude bit patterns onto a line where adjacent doubles differ by 1
  const line = (i: bigint) => (i < 0n ? -0x8000000000000000n - i : i);
  const d = line(bits[0]) - line(bits[1]);
  return Number(d < 0n ? -d : d);
}

/** Deterministic pseudo-random numbers in [0, 1) (no dependence on Math.random). */
function uniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const EDGES = [
  0, -0, NaN, Infinity, -Infinity, 1, -1, 0.5, -0.5, 5e-324, -5e-324, 2.2250738585072014e-308, 1e-300, -1e-300,
  1e-17, -1e-17, 0.34657359027997264, -0.34657359027997264, 709.78, 709.79, 710, 1000, -708.4, -745.13, -745.14,
  -746, -1000, 22, -22, 21.99, 1e308, -1e308, -0.9999999999999999, -1 + 1e-10, 3.4028234663852886e38, 1.401298464324817e-45,
];

/** Edge cases, then values at several scales (odd total length: the SIMD loops' tails run). */
function inputs(count: number, seed: number): number[] {
  const r = uniform(seed);
  const scales = [1e-8, 0.01, 1, 3, 30, 800];
  return [...EDGES, ...Array.from({ length: count }, (_, i) => (r() * 2 - 1) * scales[i % scales.length])];
}

type ArrayType = Float64ArrayConstructor | Float32ArrayConstructor;

/** An array of `length` values f(i). */
function make(Array: ArrayType, length: number, f: (i: number) => number): TypedArray {
  const a = new Array(length);
  for (let i = 0; i < length; i++) a[i] = f(i);
  return a;
}

function run(f: (out: TypedArray) => void, Array: ArrayType, length: number): TypedArray {
  const out = new Array(length).fill(7); // a value no kernel result equals by accident of zeroing
  f(out);
  return out;
}

const UNARY: UnaryKernel[] = ['neg', 'exp', 'log', 'log1p', 'tanh', 'sqrt', 'abs', 'sign', 'sigmoid', 'relu', 'step', 'sin', 'cos'];
// Most ulps the float64 kernel may be from Math.* (and from the JS kernel built on it).
const F64_ULPS: Partial<Record<UnaryKernel, number>> = { exp: 1, log: 1, log1p: 2, tanh: 3, sigmoid: 2 };

describe('WebAssembly unary kernels against the JS kernels', () => {
  for (const op of UNARY) {
    it(`${op}: float64 within ${F64_ULPS[op] ?? 0} ulps, float32 within 1 ulp (edge cases, odd lengths)`, () => {
      for (const length of [1001, WASM_MIN_ELEMENTS.unary + 1]) {
        const x = Float64Array.from(inputs(length - EDGES.length, length));
        const want = run((o) => jsBackend.unary(op, x, o), Float64Array, x.length);
        let got!: TypedArray;
        const wasm = usedWasm('unary', () => (got = run((o) => simd.unary(op, x, o), Float64Array, x.length)));
        expect(wasm, 'ran in wasm').toBe(op !== 'sin' && op !== 'cos');
        let worst = 0;
        got.forEach((v, i) => (worst = Math.max(worst, ulps(v, want[i]))));
        expect(worst, `${op} float64 worst ulps`).toBeLessThanOrEqual(F64_ULPS[op] ?? 0);

        const x32 = Float32Array.from(x);
        const want32 = run((o) => jsBackend.unary(op, x32, o), Float32Array, x.length);
        const got32 = run((o) => simd.unary(op, x32, o), Float32Array, x.length);
        got32.forEach((v, i) => {
          const w = want32[i];
          // one float32 ulp at w's scale (exact for NaN, infinities and zeros)
          const ok = Object.is(v, w) || (Number.isNaN(v) && Number.isNaN(w)) || Math.abs(v - w) <= Math.abs(w) * 2 ** -23;
          if (!ok) expect(v, `${op}(${x32[i]}) in float32`).toBe(w);
        });
      }
    });
  }

  it('keeps the exact special values of Math.*: NaN, ±Inf, -0, overflow and underflow', () => {
    const x = Float64Array.from([...EDGES, ...EDGES, ...EDGES]); // long enough for the wasm path
    for (const [op, f] of [['exp', Math.exp], ['log', Math.log], ['log1p', Math.log1p], ['tanh', Math.tanh]] as const) {
      const got = run((o) => simd.unary(op, x, o), Float64Array, x.length);
      got.forEach((v, i) => {
        const w = f(x[i]);
        if (!Number.isFinite(w) || w === 0) expect(v, `${op}(${x[i]})`).toBe(w); // toBe tells -0 from +0
      });
    }
  });
});

const BINARY: BinaryKernel[] = ['add', 'sub', 'mul', 'div', 'max', 'min', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'pow'];

describe('WebAssembly binary kernels against the JS kernels (bit for bit)', () => {
  // [name, out shape, a's shape, b's shape]: broadcasting as the tensor ops set it up
  const layouts: [string, number[], number[], number[]][] = [
    ['same shape', [37, 17], [37, 17], [37, 17]],
    ['scalar on the right', [29, 23], [29, 23], []],
    ['scalar on the left', [1001], [], [1001]],
    ['row broadcast (bias)', [5, 7, 19], [5, 7, 19], [19]],
    ['column broadcast', [67, 9], [67, 9], [67, 1]],
    ['outer', [53, 11], [53, 1], [1, 11]],
    ['middle axis (JS fallback)', [14, 5, 16], [14, 5, 16], [14, 1, 16]],
  ];
  const broadcastStrides = (from: number[], to: number[]) => {
    const padded = [...Array(to.length - from.length).fill(1), ...from];
    const s = stridesOf(padded);
    return padded.map((d, i) => (d === 1 ? 0 : s[i]));
  };
  for (const dtype of [Float64Array, Float32Array]) {
    for (const [name, shape, aShape, bShape] of layouts) {
      it(`${name} (${dtype.name})`, () => {
        const size = (s: number[]) => s.reduce((p, d) => p * d, 1);
        const pool = inputs(400, 3);
        const a = make(dtype, size(aShape), (i) => pool[(i * 7) % pool.length]);
        const b = make(dtype, size(bShape), (i) => pool[(i * 13 + 5) % pool.length]);
        const as = broadcastStrides(aShape, shape), bs = broadcastStrides(bShape, shape);
        for (const op of BINARY) {
          const want = run((o) => jsBackend.binary(op, a, as, b, bs, shape, o), dtype, size(shape));
          let got!: TypedArray;
          const wasm = usedWasm('binary', () => (got = run((o) => simd.binary(op, a, as, b, bs, shape, o), dtype, size(shape))));
          expect(wasm, `${op} ran in wasm`).toBe(op !== 'pow' && !name.includes('fallback'));
          got.forEach((v, i) => {
            if (!Object.is(v, want[i])) expect(v, `${op} at ${i}`).toBe(want[i]);
          });
        }
      });
    }
  }
});

describe('operands of mixed dtypes', () => {
  it('go to the JS kernels, with the same results (a float32 operand of a float64 result)', () => {
    const a = Float32Array.from({ length: 600 }, (_, i) => Math.sin(i) * 3);
    const b = Float64Array.from({ length: 600 }, (_, i) => Math.cos(i) + 2);
    for (const op of ['div', 'add', 'max'] as const) {
      for (const [x, y] of [[a, b], [b, a]]) {
        const want = run((o) => jsBackend.binary(op, x, [1], y, [1], [600], o), Float64Array, 600);
        let got!: TypedArray;
        expect(usedWasm('', () => (got = run((o) => simd.binary(op, x, [1], y, [1], [600], o), Float64Array, 600)))).toBe(false);
        expect(Array.from(got)).toEqual(Array.from(want));
      }
    }
    const sums = [jsBackend, simd].map((k) => run((o) => k.reduce('sum', a, [20, 30], [1], o), Float64Array, 20));
    expect(Array.from(sums[1])).toEqual(Array.from(sums[0]));
    const maps = [jsBackend, simd].map((k) => run((o) => k.unary('exp', b, o), Float32Array, 600));
    expect(Array.from(maps[1])).toEqual(Array.from(maps[0]));
  });
});

describe('WebAssembly reductions against the JS kernels', () => {
  const cases: [number[], number[]][] = [
    [[13, 67], [1]],        // last axis (softmax), odd row length
    [[130, 27], [0]],       // leading axis (bias gradient), odd width
    [[3, 40, 5], [1]],      // a middle axis
    [[4, 5, 7], [1, 2]],    // two trailing axes
    [[6, 1, 30], [0, 1]],   // a unit axis inside the reduced run
    [[5, 6, 7], [0, 2]],    // not adjacent: JS fallback
    [[2, 0, 40], [1]],      // empty reduction (JS fallback: nothing to copy)
  ];
  const ops: ReduceKernel[] = ['sum', 'prod', 'max', 'min'];
  for (const dtype of [Float64Array, Float32Array]) {
    for (const [shape, axes] of cases) {
      it(`over axes [${axes}] of [${shape}] (${dtype.name})`, () => {
        const r = uniform(shape.length * 31 + axes[0]);
        const size = shape.reduce((p, d) => p * d, 1);
        // values near 1 keep long products finite
        const x = make(dtype, size, () => 0.5 + r() * 1.2 - (r() < 0.3 ? 1.1 : 0));
        const outSize = shape.reduce((p, d, i) => (axes.includes(i) ? p : p * d), 1);
        for (const op of ops) {
          const want = run((o) => jsBackend.reduce(op, x, shape, axes, o), dtype, outSize);
          let got!: TypedArray;
          const wasm = usedWasm('reduce', () => (got = run((o) => simd.reduce(op, x, shape, axes, o), dtype, outSize)));
          expect(wasm, `${op} ran in wasm`).toBe(size > 0 && !(axes[0] === 0 && axes[1] === 2));
          const tol = dtype === Float64Array ? 1e-13 : 2 ** -23;
          got.forEach((v, i) => {
            if (v === want[i]) return; // also the infinities of empty max/min
            expect(Math.abs(v - want[i]), `${op} at ${i}: ${v} vs ${want[i]}`).toBeLessThanOrEqual(tol * Math.abs(want[i]));
          });
        }
      });
    }
  }

  it('propagates NaN and infinities in every reduction', () => {
    const x = Float64Array.from({ length: 3 * 70 }, (_, i) => i % 9 - 4);
    x[5] = NaN;             // row 0
    x[70 + 9] = Infinity;   // row 1
    x[140 + 3] = -Infinity; // row 2
    for (const op of ['sum', 'max', 'min', 'prod'] as const) {
      const want = run((o) => jsBackend.reduce(op, x, [3, 70], [1], o), Float64Array, 3);
      const got = run((o) => simd.reduce(op, x, [3, 70], [1], o), Float64Array, 3);
      expect(Array.from(got), op).toEqual(Array.from(want));
    }
    expect(Number.isNaN(run((o) => simd.reduce('max', x, [3, 70], [1], o), Float64Array, 3)[0])).toBe(true);
  });
});

describe('WebAssembly strided copies against the JS kernels', () => {
  // [name, shape, strides, offset, source length]
  const layouts: [string, number[], number[], number, number][] = [
    ['a transpose', [67, 71], [1, 67], 0, 67 * 71],
    ['a batched transpose', [3, 41, 37], [41 * 37, 1, 41], 0, 3 * 41 * 37],
    ['a transpose to [n, n, 1]', [70, 70, 1], [1, 70, 0], 0, 4900],
    ['reversed columns of a transpose', [80, 60], [1, -80], 80 * 59, 4800],
    ['a slice (JS fallback: most of x unread)', [40, 70], [1, 140], 0, 140 * 70],
  ];
  for (const dtype of [Float64Array, Float32Array]) {
    for (const [name, shape, strides, offset, length] of layouts) {
      it(`${name} (${dtype.name})`, () => {
        const x = make(dtype, length, (i) => i * 0.5 - 100);
        const size = shape.reduce((p, d) => p * d, 1);
        const want = run((o) => jsBackend.strided(x, offset, strides, shape, o), dtype, size);
        let got!: TypedArray;
        const wasm = usedWasm('gather2d', () => (got = run((o) => simd.strided(x, offset, strides, shape, o), dtype, size)));
        expect(wasm, 'ran in wasm').toBe(!name.includes('fallback'));
        expect(Array.from(got)).toEqual(Array.from(want));
      });
    }
  }
});

describe('when wasm memory cannot grow', () => {
  it('every family falls back to the JS kernels with the same results (other errors still surface)', () => {
    const full = { ...wasmHeap(kernels), scratch: (): number[] => { throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded'); } };
    const capped = elementwiseMethods(recording, full);
    const x = Float64Array.from({ length: 4096 }, (_, i) => Math.sin(i));
    const same = (f: (k: typeof capped) => (out: TypedArray) => void, length: number) => {
      const want = run(f(jsBackend), Float64Array, length);
      let got!: TypedArray;
      expect(usedWasm('', () => (got = run(f(capped), Float64Array, length)))).toBe(false);
      expect(Array.from(got)).toEqual(Array.from(want));
    };
    same((k) => (o) => k.unary('tanh', x, o), x.length);
    same((k) => (o) => k.binary('mul', x, [64, 1], x, [0, 1], [64, 64], o), x.length);
    same((k) => (o) => k.reduce('sum', x, [64, 64], [1], o), 64);
    same((k) => (o) => k.strided(x, 0, [1, 64], [64, 64], o), x.length);

    const broken = elementwiseMethods(recording, { ...full, scratch: (): number[] => { throw new TypeError('a bug'); } });
    expect(() => broken.unary('tanh', x, new Float64Array(x.length))).toThrow('a bug');
  });
});
