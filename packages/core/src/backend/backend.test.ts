import { describe, expect, it } from 'vitest';
import { jsBackend, wasmSimdBackend, backend, setBackend } from './index';
import { loadWasmKernels } from './wasm';
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
