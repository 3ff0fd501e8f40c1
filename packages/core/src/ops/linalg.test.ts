import { describe, expect, it } from 'vitest';
import { add, moveaxis, det, eye, grad, inv, matmul, mT, mul, randn, slogdet, solve, tensor, Tensor, jvp, vjp } from '../index';
import { checkGrads, checkVmap } from '../testing';

const values = (t: Tensor) => Array.from(t.data);
const expectClose = (a: Tensor, b: Tensor | number[], digits = 10) => {
  const want = b instanceof Tensor ? values(b) : b;
  if (b instanceof Tensor) expect(a.shape).toEqual(b.shape);
  expect(a.size).toBe(want.length);
  values(a).forEach((v, i) => expect(v).toBeCloseTo(want[i], digits));
};

/** Well-conditioned random matrices: A + n·I. */
const wellConditioned = (shape: number[], seed: number) => add(randn(shape, { seed }), mul(eye(shape[shape.length - 1]), 3));

describe('det', () => {
  it('matches hand-computed values, including a permutation and a batch', () => {
    expect(det(tensor([[1, 2], [3, 4]])).item()).toBeCloseTo(-2, 12);
    expect(det(tensor([[2, 0, 1], [1, 3, 2], [1, 1, 1]])).item()).toBeCloseTo(2 * 1 - 0 + 1 * (1 - 3), 12);
    expect(det(tensor([[0, 1], [1, 0]])).item()).toBeCloseTo(-1, 12); // needs a pivot swap
    const batch = det(tensor([[[2, 0], [0, 3]], [[1, 1], [1, -1]]]));
    expect(batch.shape).toEqual([2]);
    expectClose(batch, [6, -2]);
    expect(det(tensor([[5]])).item()).toBe(5);
    expect(tensor([[1, 2], [3, 4]]).det().item()).toBeCloseTo(-2, 12);
  });

  it('gives 0 for a singular matrix', () => {
    expect(det(tensor([[1, 2], [2, 4]])).item()).toBe(0);
    expect(det(tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]])).item()).toBeCloseTo(0, 12);
  });

  it('works in float32', () => {
    const d = det(tensor([[1, 2], [3, 4]], { dtype: 'float32' }));
    expect(d.dtype).toBe('float32');
    expect(d.item()).toBeCloseTo(-2, 5);
  });

  it('refuses non-square input, naming the shape', () => {
    expect(() => det(tensor([[1, 2, 3], [4, 5, 6]]))).toThrow(/det: expected a square matrix \(or a batch of them\) in the last two axes, got shape \[2, 3\]/);
    expect(() => det(tensor([1, 2]))).toThrow(/got shape \[2\]/);
  });

  it('has gradient det(A)·A⁻ᵀ and correct derivatives to second order (3x3 and batched)', () => {
    const a = wellConditioned([3, 3], 1);
    expectClose(grad((m: Tensor) => det(m))(a), mul(det(a), mT(inv(a))));
    checkGrads(det, [a]);
    checkGrads(det, [wellConditioned([2, 3, 3], 2)]);
  });

  it('vmap equals a loop', () => {
    const a = moveaxis(wellConditioned([4, 3, 3], 3), 0, 1); // batch axis in the middle
    checkVmap(det, [a], { inAxes: [1] });
  });
});

describe('inv', () => {
  it('inverts: inv(A) @ A = I, batched', () => {
    const a = wellConditioned([2, 3, 3], 4);
    expectClose(matmul(inv(a), a), tensor([values(eye(3)), values(eye(3))]).reshape([2, 3, 3]), 12);
    expectClose(inv(tensor([[2, 0], [0, 4]])), [0.5, 0, 0, 0.25]);
    expectClose(tensor([[0, 1], [1, 0]]).inv(), [0, 1, 1, 0]);
  });

  it('refuses a singular matrix, naming which one of a batch', () => {
    expect(() => inv(tensor([[1, 2], [2, 4]]))).toThrow(/inv: the matrix is singular/);
    const batch = tensor([[[1, 0], [0, 1]], [[0, 0], [0, 0]]]);
    expect(() => inv(batch)).toThrow(/inv: the matrix is singular \(matrix 1 of the batch of shape \[2, 2, 2\]\)/);
    expect(() => inv(tensor([[1, 2]]))).toThrow(/inv: expected a square matrix/);
  });

  it('has correct derivatives to second order', () => {
    checkGrads(inv, [wellConditioned([3, 3], 5)]);
    checkGrads(inv, [wellConditioned([2, 3, 3], 6)]);
  });

  it('vmap equals a loop', () => {
    const a = wellConditioned([3, 2, 2], 7);
    checkVmap(inv, [a], { inAxes: [0] });
  });
});

describe('solve', () => {
  const a = wellConditioned([3, 3], 8);

  it('agrees with inv(A) @ b for a vector, a matrix and broadcast batches', () => {
    const b = randn([3], { seed: 9 });
    expectClose(solve(a, b), matmul(inv(a), b), 12);
    const bm = randn([3, 2], { seed: 10 });
    expectClose(a.solve(bm), matmul(inv(a), bm), 12);
    const ab = wellConditioned([2, 3, 3], 11);
    const x = solve(ab, bm); // one right-hand side shared by the batch
    expect(x.shape).toEqual([2, 3, 2]);
    expectClose(x, matmul(inv(ab), bm), 12);
    const bv = randn([2, 3, 1], { seed: 12 }); // a batch of vectors, as columns
    expectClose(solve(ab, bv), matmul(inv(ab), bv), 12);
    expectClose(solve(ab, randn([3], { seed: 12 })), matmul(inv(ab), randn([3], { seed: 12 })), 12);
  });

  it('promotes float32 with float64', () => {
    const x = solve(tensor([[2, 0], [0, 4]], { dtype: 'float32' }), tensor([1, 1]));
    expect(x.dtype).toBe('float64');
    expectClose(x, [0.5, 0.25]);
  });

  it('refuses a singular matrix and mismatched shapes', () => {
    expect(() => solve(tensor([[1, 2], [2, 4]]), tensor([1, 1]))).toThrow(/solve: the matrix is singular/);
    expect(() => solve(a, tensor([1, 2]))).toThrow(/solve: a of shape \[3, 3\] needs b with 3 rows, got shape \[2\]/);
    expect(() => solve(tensor([[1, 2, 3]]), tensor([1]))).toThrow(/solve: expected a square matrix/);
  });

  it('has correct derivatives in A and b, to second order', () => {
    checkGrads(solve, [a, randn([3], { seed: 13 })]);
    checkGrads(solve, [wellConditioned([2, 3, 3], 14), randn([3, 2], { seed: 15 })]);
  });

  it('vmap equals a loop (A batched, b shared; and both batched)', () => {
    const ab = wellConditioned([4, 3, 3], 16), b = randn([3, 2], { seed: 17 });
    checkVmap(solve, [ab, b], { inAxes: [0, null] });
    const bb = randn([3, 4], { seed: 18 });
    checkVmap(solve, [ab, bb], { inAxes: [0, 1] });
    checkVmap(solve, [a, bb], { inAxes: [null, 1] });
  });
});

describe('slogdet', () => {
  it('gives sign and log|det|', () => {
    const { sign, logabsdet } = slogdet(tensor([[1, 2], [3, 4]]));
    expect(sign.item()).toBe(-1);
    expect(logabsdet.item()).toBeCloseTo(Math.log(2), 12);
    const a = wellConditioned([2, 3, 3], 19);
    const r = a.slogdet();
    expectClose(r.logabsdet, values(det(a)).map((d) => Math.log(Math.abs(d))), 12);
    expectClose(r.sign, values(det(a)).map(Math.sign));
  });

  it('does not overflow where det does', () => {
    const big = mul(eye(200), 1e4); // det = 1e800, beyond float64
    expect(det(big).item()).toBe(Infinity);
    expect(slogdet(big).logabsdet.item()).toBeCloseTo(200 * Math.log(1e4), 8);
  });

  it('gives sign 0 and logabsdet -Infinity for a singular matrix', () => {
    const { sign, logabsdet } = slogdet(tensor([[1, 2], [2, 4]]));
    expect(sign.item()).toBe(0);
    expect(logabsdet.item()).toBe(-Infinity);
  });

  it('logabsdet has gradient A⁻ᵀ and correct derivatives to second order; sign has none', () => {
    const a = wellConditioned([3, 3], 20);
    expectClose(grad((m: Tensor) => slogdet(m).logabsdet)(a), mT(inv(a)));
    checkGrads((m) => slogdet(m).logabsdet, [a]);
    checkGrads((m) => slogdet(m).logabsdet, [wellConditioned([2, 3, 3], 21)]);
    const [, back] = vjp((m: Tensor) => slogdet(m).sign, a);
    expect(values(back(tensor(1))[0])).toEqual(Array(9).fill(0));
    const [, t] = jvp((m: Tensor) => add(slogdet(m).sign, 0), [a], [a]);
    expect(t.item()).toBe(0);
  });

  it('vmap equals a loop', () => {
    const a = moveaxis(wellConditioned([3, 2, 2], 22), 0, 2); // batch axis last
    const f = (m: Tensor) => mul(slogdet(m).sign, slogdet(m).logabsdet);
    checkVmap(f, [a], { inAxes: [2] });
    const b = wellConditioned([3, 2, 2], 23);
    checkVmap(f, [b], { inAxes: [0] });
  });
});
