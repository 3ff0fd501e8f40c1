import { describe, expect, it } from 'vitest';
import { clip, grad, randn, sum, tensor, Tensor } from '../index';
import { checkGrads, checkVmap } from '../testing';

const values = (t: Tensor) => Array.from(t.data);

describe('clip', () => {
  const x = tensor([-2, -0.5, 0, 0.5, 2]);

  it('limits values to [lo, hi], either bound optional, bounds broadcasting', () => {
    expect(values(clip(x, -1, 1))).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(values(clip(x, 0, null))).toEqual([0, 0, 0, 0.5, 2]);
    expect(values(clip(x, null, 0))).toEqual([-2, -0.5, 0, 0, 0]);
    expect(values(x.clip(-1, 1))).toEqual(values(clip(x, -1, 1)));
    expect(clip(tensor([[5], [-5]]), tensor([0, 1]), 2).toArray()).toEqual([[2, 2], [0, 1]]);
    expect(clip(tensor([3], { dtype: 'float32' }), 0, 1).dtype).toBe('float32');
    expect(() => clip(x, 1, -1)).toThrow(/clip: lower bound 1 is above upper bound -1/);
  });

  it('passes the gradient inside the bounds (inclusive) and to tensor bounds outside', () => {
    expect(values(grad((t: Tensor) => sum(clip(t, -0.5, 0.5)))(x))).toEqual([0, 1, 1, 1, 0]);
    const [gx, glo] = grad((t: Tensor, lo: Tensor) => sum(clip(t, lo, 1)), { argnums: [0, 1] })(x, tensor(-1));
    expect(values(gx)).toEqual([0, 1, 1, 1, 0]);
    expect(glo.item()).toBe(1);
    checkGrads((t) => clip(t, -0.7, 0.7), [randn([3, 4], { seed: 1 })]);
  });

  it('vmap equals a loop', () => {
    const a = randn([3, 4], { seed: 2 });
    const f = (t: Tensor) => clip(t, -0.5, 0.5);
    checkVmap(f, [a], { inAxes: [1] });
  });
});
