import { describe, expect, it } from 'vitest';
import { astype, dot, grad, matmul, mT, mul, outer, randn, sum, tensor, Tensor } from '../index';
import { checkGrads, checkVmap } from '../testing';
import { matmulT } from './matmul';

const values = (t: Tensor) => Array.from(t.data);

/** out[i, j] = Σ_p a[i, p] b[p, j], by definition. */
function naive(a: number[][], b: number[][]): number[][] {
  return a.map((row) => b[0].map((_, j) => row.reduce((s, v, p) => s + v * b[p][j], 0)));
}

const expectClose = (a: Tensor, want: number[], digits = 12) => {
  expect(a.size).toBe(want.length);
  values(a).forEach((v, i) => expect(v).toBeCloseTo(want[i], digits));
};

describe('matmul', () => {
  const a = randn([2, 3], { seed: 1 }), b = randn([3, 4], { seed: 2 });

  it('multiplies matrices (non-square) as by definition', () => {
    const c = matmul(a, b);
    expect(c.shape).toEqual([2, 4]);
    expectClose(c, naive(a.toArray() as number[][], b.toArray() as number[][]).flat());
    expect(matmul(tensor([[1, 2], [3, 4]]), tensor([[5, 6], [7, 8]])).toArray()).toEqual([[19, 22], [43, 50]]);
  });

  it('follows NumPy for vectors: the vector axis is dropped', () => {
    const v = tensor([1, 2, 3]);
    expect(matmul(v, v).shape).toEqual([]);
    expect(matmul(v, v).item()).toBe(14);
    expect(matmul(a, v).shape).toEqual([2]);
    expectClose(matmul(a, v), values(matmul(a, v.reshape([3, 1]))));
    expect(matmul(v, b).shape).toEqual([4]);
    const batch = randn([5, 2, 3], { seed: 3 });
    expect(matmul(batch, v).shape).toEqual([5, 2]);
    expect(matmul(tensor([1, 2]), batch).shape).toEqual([5, 3]);
  });

  it('broadcasts batch axes', () => {
    const x = randn([4, 1, 2, 3], { seed: 4 }), y = randn([5, 3, 2], { seed: 5 });
    const z = matmul(x, y);
    expect(z.shape).toEqual([4, 5, 2, 2]);
    // block [i, j] is x[i, 0] @ y[j]
    const xs = x.toArray() as number[][][][], ys = y.toArray() as number[][][];
    const zs = z.toArray() as number[][][][];
    const want = naive(xs[3][0], ys[2]);
    zs[3][2].flat().forEach((v, i) => expect(v).toBeCloseTo(want.flat()[i], 12));
    expect(matmul(randn([2, 3]), randn([6, 3, 1])).shape).toEqual([6, 2, 1]);
  });

  it('promotes float32 with float64; keeps float32 alone', () => {
    const f = tensor([[1, 2]], { dtype: 'float32' });
    expect(matmul(f, tensor([[1], [1]], { dtype: 'float32' })).dtype).toBe('float32');
    const m = matmul(f, tensor([[0.1], [0.2]]));
    expect(m.dtype).toBe('float64');
    expect(m.item()).toBeCloseTo(0.5, 14);
  });

  it('has method forms equal to the function forms', () => {
    expect(values(a.matmul(b))).toEqual(values(matmul(a, b)));
    const v = tensor([1, 2, 3]);
    expect(v.dot(v).item()).toBe(14);
    expect(tensor([1, 2]).outer(v).toArray()).toEqual([[1, 2, 3], [2, 4, 6]]);
  });

  it('refuses mismatched inner dimensions and scalars, naming both shapes', () => {
    expect(() => matmul(a, a)).toThrow(/matmul: inner dimensions differ: \[2, 3\] @ \[2, 3\] \(3 vs 2\)/);
    expect(() => matmul(tensor([1, 2]), tensor([1, 2, 3]))).toThrow(/\[2\] @ \[3\]/);
    expect(() => matmul(tensor(1), a)).toThrow(/at least 1 dimension, got \[\] @ \[2, 3\]/);
    expect(() => matmul(randn([2, 2, 3]), randn([3, 3, 1]))).toThrow(/matmul \(batch dimensions\): shapes \[2\] and \[3\] cannot be broadcast/);
    expect(() => dot(randn([2, 2, 2]), randn([2]))).toThrow(/dot: operands must be 1-D or 2-D/);
    expect(() => dot(tensor([1, 2]), tensor([1, 2, 3]))).toThrow(/dot: inner dimensions differ: \[2\] @ \[3\] \(2 vs 3\)/);
    expect(() => outer(a, b)).toThrow(/outer: operands must be vectors, got \[2, 3\] and \[3, 4\]/);
  });

  it('has correct derivatives for matrix, vector and batched-broadcast cases', () => {
    checkGrads(matmul, [a, b]);
    checkGrads(matmul, [a, randn([3], { seed: 6 })]);
    checkGrads(matmul, [randn([3], { seed: 7 }), b]);
    checkGrads(matmul, [randn([3], { seed: 8 }), randn([3], { seed: 9 })]);
    checkGrads(matmul, [randn([4, 1, 2, 3], { seed: 10 }), randn([5, 3, 2], { seed: 11 })]);
    checkGrads(outer, [randn([2], { seed: 12 }), randn([3], { seed: 13 })]);
    // d/dA sum(A @ B) = 1 Bᵀ
    const g = grad((m: Tensor) => sum(matmul(m, b)))(a);
    expect(values(g)).toEqual(values(matmul(tensor([[1], [1]]), sum(mT(b), 0, true))));
  });

  it('vmap equals a loop (either operand batched, both, or a vector)', () => {
    const ab = randn([2, 5, 3], { seed: 14 }), bb = randn([5, 3, 4], { seed: 15 }), v = randn([3, 5], { seed: 16 });
    checkVmap(matmul, [ab, b], { inAxes: [1, null] });
    checkVmap(matmul, [a, bb], { inAxes: [null, 0] });
    checkVmap(matmul, [ab, bb], { inAxes: [1, 0] });
    checkVmap(matmul, [a, v], { inAxes: [null, 1] });
    checkVmap(mul, [v, v], { inAxes: [1, 1] });
  });
});

describe('matmulT (products by transposed operands, no transposed copies)', () => {
  const flagSets = [[false, false], [true, false], [false, true], [true, true]] as const;
  // Stored shapes for op(A) = [2, 3] and op(B) = [3, 4], with a broadcast batch on A.
  const stored = (transA: boolean, transB: boolean) => [
    randn(transA ? [5, 3, 2] : [5, 2, 3], { seed: 20 }),
    randn(transB ? [4, 3] : [3, 4], { seed: 21 }),
  ];
  const op = (x: Tensor, transposed: boolean) => (transposed ? mT(x) : x);

  for (const [transA, transB] of flagSets) {
    it(`equals matmul of the transposes (transA=${transA}, transB=${transB})`, () => {
      const [a, b] = stored(transA, transB);
      const got = matmulT(a, b, transA, transB);
      expect(got.shape).toEqual([5, 2, 4]);
      expectClose(got, values(matmul(op(a, transA), op(b, transB))), 13);
      const f32 = matmulT(astype(a, 'float32'), astype(b, 'float32'), transA, transB);
      expect(f32.dtype).toBe('float32');
      expectClose(f32, values(got), 5);
    });

    it(`has correct derivatives to second order (transA=${transA}, transB=${transB})`, () => {
      const [a, b] = stored(transA, transB);
      checkGrads((x: Tensor, y: Tensor) => matmulT(x, y, transA, transB), [a, b]);
    });

    it(`vmap equals a loop, batching either operand or both (transA=${transA}, transB=${transB})`, () => {
      const a = randn(transA ? [3, 2, 6] : [2, 6, 3], { seed: 22 }), b = randn(transB ? [4, 6, 3] : [6, 3, 4], { seed: 23 });
      const plainA = randn(transA ? [3, 2] : [2, 3], { seed: 24 }), plainB = randn(transB ? [4, 3] : [3, 4], { seed: 25 });
      const f = (x: Tensor, y: Tensor) => matmulT(x, y, transA, transB);
      checkVmap(f, [a, plainB], { inAxes: [transA ? 2 : 1, null] });
      checkVmap(f, [plainA, b], { inAxes: [null, transB ? 1 : 0] });
      checkVmap(f, [a, b], { inAxes: [transA ? 2 : 1, transB ? 1 : 0] });
    });
  }

  it('refuses vectors and mismatched inner dimensions, naming the transposed shapes', () => {
    expect(() => matmulT(tensor([1, 2]), randn([2, 2]), false, false)).toThrow(/matmulT: operands must have at least 2 dimensions, got \[2\] and \[2, 2\]/);
    expect(() => matmulT(randn([2, 3]), randn([2, 3]), true, true)).toThrow(/matmul: inner dimensions differ: \[2, 3\]ᵀ @ \[2, 3\]ᵀ \(2 vs 3\)/);
  });

  it('gives matmul a VJP whose products read transposed operands in place', () => {
    // d/dA sum(A @ B) = 1 Bᵀ and d/dB = Aᵀ 1, through the transposed products of the rule.
    const a = randn([2, 3], { seed: 26 }), b = randn([3, 4], { seed: 27 });
    const [ga, gb] = grad((x: Tensor, y: Tensor) => sum(matmul(x, y)), { argnums: [0, 1] })(a, b) as Tensor[];
    expectClose(ga, values(matmul(tensor([[1], [1]]), sum(mT(b), 0, true))), 13);
    expectClose(gb, values(matmul(sum(mT(a), 1, true), tensor([[1, 1, 1, 1]]))), 13);
  });
});
