import { describe, expect, it } from 'vitest';
import { arange, gather, grad, jvp, randn, scatterAdd, sum, take, tensor, Tensor, vjp, mul, zeros } from '../index';
import { checkGrads, checkVmap } from '../testing';

const values = (t: Tensor) => Array.from(t.data);

describe('take (gather)', () => {
  const x = arange(12).reshape([3, 4]);

  it('takes slices at indices along an axis; the indices shape replaces the axis', () => {
    expect(take(x, [2, 0]).toArray()).toEqual([[8, 9, 10, 11], [0, 1, 2, 3]]);
    expect(take(x, [3, 3, -4], 1).toArray()).toEqual([[3, 3, 0], [7, 7, 4], [11, 11, 8]]);
    expect(take(x, 1, 1).toArray()).toEqual([1, 5, 9]);
    expect(take(x, [[0, 1], [2, 2]], 0).shape).toEqual([2, 2, 4]);
    expect(take(x, new Int32Array([1]), -1).toArray()).toEqual([[1], [5], [9]]);
    expect(take(x, tensor([[2], [1]]), 1).toArray()).toEqual([[[2], [1]], [[6], [5]], [[10], [9]]]);
    expect(take(x, [], 0).shape).toEqual([0, 4]);
    expect(gather).toBe(take);
    expect(x.take([1], 0).toArray()).toEqual(take(x, [1], 0).toArray());
  });

  it('keeps float32', () => {
    expect(take(randn([3, 2], { seed: 1, dtype: 'float32' }), [0]).dtype).toBe('float32');
  });

  it('refuses out-of-range or non-integer indices, naming the axis and shape', () => {
    expect(() => take(x, [0, 3])).toThrow(/take: index 3 is out of range for axis 0 of shape \[3, 4\]/);
    expect(() => take(x, [-5], 1)).toThrow(/index -5 is out of range for axis 1/);
    expect(() => take(x, [1.5])).toThrow(/take: indices must be integers, got 1.5/);
    expect(() => take(x, [0], 2)).toThrow(/axis 2 is out of range/);
    expect(() => take(x, 'a' as unknown as number[])).toThrow(/indices must be integers/);
  });

  it('sums the gradients of repeated indices (its VJP is scatterAdd)', () => {
    const g = grad((t: Tensor) => sum(take(t, [0, 2, 0])))(tensor([1, 2, 3, 4]));
    expect(values(g)).toEqual([2, 0, 1, 0]);
    const [, back] = vjp((t: Tensor) => take(t, [[1, 1], [0, 2]], 1), randn([2, 3], { seed: 2 }));
    const [ct] = back(tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]));
    expect(ct.toArray()).toEqual([[3, 3, 4], [7, 11, 8]]);
  });

  it('has correct derivatives to third order', () => {
    checkGrads((t) => take(t, [2, 0, 2, 1], 1), [randn([2, 3], { seed: 3 })], { order: 3 });
    checkGrads((t) => mul(take(t, [[0, 1], [1, 1]]), t.sum(0)), [randn([2, 5], { seed: 4 })]);
  });

  it('vmap equals a loop', () => {
    const a = randn([3, 4, 5], { seed: 5 });
    const f = (t: Tensor) => take(t, [[3, 0], [1, 1]], 1);
    for (const d of [0, 1, 2]) checkVmap(f, [a], { inAxes: [d] });
  });
});

describe('scatterAdd', () => {
  it('adds values at indices, accumulating repeats', () => {
    const r = scatterAdd(zeros([4]), [1, 3, 1], tensor([10, 20, 30]));
    expect(values(r)).toEqual([0, 40, 0, 20]);
    const m = scatterAdd(tensor([[1, 1, 1], [2, 2, 2]]), [2, 0], tensor([[5, 6], [7, 8]]), 1);
    expect(m.toArray()).toEqual([[7, 1, 6], [10, 2, 9]]);
    expect(zeros([3]).scatterAdd([-1], tensor([1])).toArray()).toEqual([0, 0, 1]);
  });

  it('refuses values of the wrong shape and out-of-range indices', () => {
    expect(() => scatterAdd(zeros([2, 3]), [0, 1], zeros([2, 2]))).toThrow(/scatterAdd: values have shape \[2, 2\] but target \[2, 3\] with indices of shape \[2\] along axis 0 needs \[2, 3\]/);
    expect(() => scatterAdd(zeros([2]), [2], zeros([1]))).toThrow(/scatterAdd: index 2 is out of range for axis 0 of shape \[2\]/);
  });

  it('is the transpose of take, and differentiable in target and values', () => {
    const idx = [[2, 0], [2, 1]];
    const u = randn([3, 2, 2], { seed: 6 }), v = randn([3, 3], { seed: 7 });
    const lhs = sum(mul(scatterAdd(zeros([3, 3]), idx, u.reshape([3, 2, 2]), 1), v)).item();
    const rhs = sum(mul(u, take(v, idx, 1))).item();
    expect(lhs).toBeCloseTo(rhs, 12);
    checkGrads((t, w) => scatterAdd(t, idx, w, 1), [v, u], { order: 3 });
    const [, tangent] = jvp((w: Tensor) => scatterAdd(zeros([3]), [0, 0], w), [tensor([1, 2])], [tensor([1, 1])]);
    expect(values(tangent)).toEqual([2, 0, 0]);
  });

  it('vmap equals a loop', () => {
    const t = randn([4, 3], { seed: 8 }), w = randn([3, 2, 3], { seed: 9 });
    const f = (a: Tensor, b: Tensor) => scatterAdd(a, [3, 0, 3], b, 0).mul(2);
    checkVmap(f, [t, w], { inAxes: [null, 1] });
  });
});
