import { describe, expect, it } from 'vitest';
import { broadcastTo, grad, randn, sum, tensor, Tensor, mul } from '../index';
import { checkGrads, checkVmap } from '../testing';

const values = (t: Tensor) => Array.from(t.data);

describe('broadcastTo', () => {
  it('repeats along new leading axes and unit axes', () => {
    expect(broadcastTo(tensor([1, 2, 3]), [2, 3]).toArray()).toEqual([[1, 2, 3], [1, 2, 3]]);
    expect(broadcastTo(tensor([[1], [2]]), [2, 3]).toArray()).toEqual([[1, 1, 1], [2, 2, 2]]);
    expect(broadcastTo(tensor(7), [2]).toArray()).toEqual([7, 7]);
    expect(broadcastTo(tensor([[1], [2]]), [3, 2, 2]).shape).toEqual([3, 2, 2]);
    const x = tensor([1, 2]);
    expect(broadcastTo(x, [2])).toBe(x);
    expect(x.broadcastTo([2, 2]).toArray()).toEqual([[1, 2], [1, 2]]);
    expect(broadcastTo(tensor([1], { dtype: 'float32' }), [3]).dtype).toBe('float32');
  });

  it('refuses shapes it cannot reach, naming both', () => {
    expect(() => broadcastTo(tensor([1, 2]), [3])).toThrow(/broadcastTo: cannot broadcast shape \[2\] to \[3\]/);
    expect(() => broadcastTo(tensor([[1, 2]]), [2])).toThrow(/cannot broadcast shape \[1, 2\] to \[2\]/);
    expect(() => broadcastTo(tensor([1, 2]), [2, 1])).toThrow(/cannot broadcast shape \[2\] to \[2, 1\]/);
    expect(() => broadcastTo(tensor([1]), [2.5])).toThrow(/broadcastTo: shape \[2.5\] has dimension 2.5; dimensions must be non-negative integers/);
  });

  it('sums the gradient back over the broadcast axes', () => {
    expect(values(grad((t: Tensor) => sum(broadcastTo(t, [4, 2, 3])))(tensor([[1], [2]])))).toEqual([12, 12]);
    checkGrads((t) => mul(broadcastTo(t, [4, 2, 3]), broadcastTo(t, [4, 2, 3])), [randn([2, 1], { seed: 1 })]);
    checkGrads((t) => broadcastTo(t, [3, 4, 5]), [randn([4, 1], { seed: 2 })]);
  });

  it('vmap equals a loop', () => {
    const a = randn([2, 5, 1], { seed: 3 });
    const f = (t: Tensor) => broadcastTo(t, [3, 2, 4]);
    checkVmap(f, [a], { inAxes: [1] });
    const b = randn([4, 3], { seed: 4 });
    const g = (t: Tensor) => broadcastTo(t, [2, 3]);
    checkVmap(g, [b], { inAxes: [0] });
  });
});
