import { describe, expect, it } from 'vitest';
import { jsBackend, wasmSimdBackend, backend, setBackend } from './index';
import { loadWasmKernels } from './wasm';
import { matmul, randn, tensor } from '../index';

describe('the WebAssembly SIMD backend', () => {
  it('is built and loads (npm run build -w @jacobi/core builds it)', () => {
    const { kernels, reason } = loadWasmKernels();
    expect(reason).toBeUndefined();
    expect(kernels).not.toBeNull();
    expect(backend().name).toBe('wasm-simd');
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
