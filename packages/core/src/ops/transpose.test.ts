import { describe, expect, it } from 'vitest';
import { arange, moveaxis, mT, permute, randn, tensor, Tensor, transpose, mul, grad, sum } from '../index';
import { checkGrads, checkVmap } from '../testing';

const values = (t: Tensor) => Array.from(t.data);

describe('transpose and permute', () => {
  const x = arange(24).reshape([2, 3, 4]);

  it('permutes axes (reverses them by default)', () => {
    expect(transpose(tensor([[1, 2, 3], [4, 5, 6]])).toArray()).toEqual([[1, 4], [2, 5], [3, 6]]);
    const t = transpose(x);
    expect(t.shape).toEqual([4, 3, 2]);
    // element [k, j, i] of the result is x[i, j, k] = 12 i + 4 j + k
    expect((t.toArray() as number[][][])[3][1][0]).toBe(4 + 3);
    const p = permute(x, [1, 2, 0]);
    expect(p.shape).toEqual([3, 4, 2]);
    expect((p.toArray() as number[][][])[2][1][1]).toBe(12 + 8 + 1);
    expect(transpose(x, [0, 1, 2])).toBe(x);
    expect(permute(x, [-1, 0, 1]).shape).toEqual([4, 2, 3]);
  });

  it('has method forms and T / mT properties', () => {
    const m = randn([2, 3], { seed: 1 });
    expect(values(m.T)).toEqual(values(transpose(m)));
    expect(values(m.transpose([1, 0]))).toEqual(values(transpose(m)));
    expect(values(x.permute([2, 0, 1]))).toEqual(values(permute(x, [2, 0, 1])));
    expect(x.mT.shape).toEqual([2, 4, 3]);
    expect(values(x.mT)).toEqual(values(mT(x)));
  });

  it('keeps float32', () => {
    expect(transpose(randn([2, 3], { dtype: 'float32' })).dtype).toBe('float32');
  });

  it('refuses a bad permutation, naming it and the shape', () => {
    expect(() => transpose(x, [0, 1])).toThrow(/transpose: \[0, 1\] is not a permutation of the 3 axes of a tensor of shape \[2, 3, 4\]/);
    expect(() => transpose(x, [0, 0, 1])).toThrow(/is not a permutation/);
    expect(() => mT(tensor([1, 2]))).toThrow(/mT: needs at least 2 dimensions, got shape \[2\]/);
  });

  it('has correct derivatives', () => {
    checkGrads((t) => permute(t, [2, 0, 1]), [randn([2, 3, 4], { seed: 2 })]);
    checkGrads((t) => mul(t, mT(t).T), [randn([3, 2], { seed: 3 })]);
    // d/dX sum(X ∘ Xᵀ) = 2 Xᵀ for square X
    const sq = randn([3, 3], { seed: 4 });
    expect(values(grad((t: Tensor) => sum(mul(t, t.T)))(sq))).toEqual(values(mul(sq.T, 2)));
  });

  it('vmap equals a loop', () => {
    const a = randn([2, 5, 3, 4], { seed: 5 });
    const f = (t: Tensor) => permute(t, [2, 0, 1]);
    for (const d of [0, 1, 3]) checkVmap(f, [a], { inAxes: [d] });
  });
});

describe('moveaxis', () => {
  it('moves one axis, keeping the others in order', () => {
    const x = randn([2, 3, 4], { seed: 6 });
    expect(moveaxis(x, 0, -1).shape).toEqual([3, 4, 2]);
    expect(moveaxis(x, -1, 0).shape).toEqual([4, 2, 3]);
    expect(values(moveaxis(x, 2, 0))).toEqual(values(permute(x, [2, 0, 1])));
    expect(() => moveaxis(x, 3, 0)).toThrow(/moveaxis: axis 3 is out of range for a tensor of rank 3/);
    expect(() => moveaxis(x, 0, 0.5)).toThrow(/moveaxis: axis 0.5 is out of range for a tensor of rank 3/);
  });
});
