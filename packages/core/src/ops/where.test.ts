import { describe, expect, it } from 'vitest';
import { grad, gt, jvp, randn, sum, tensor, Tensor, where, mul } from '../index';
import { checkGrads, checkVmap } from '../testing';

const values = (t: Tensor) => Array.from(t.data);

describe('where', () => {
  it('picks from a where the condition is nonzero, else from b, broadcasting all three', () => {
    const c = tensor([1, 0, 2]);
    expect(values(where(c, tensor([1, 2, 3]), tensor([-1, -2, -3])))).toEqual([1, -2, 3]);
    expect(where(tensor([[1], [0]]), tensor([1, 2, 3]), 0).toArray()).toEqual([[1, 2, 3], [0, 0, 0]]);
    expect(values(where(c, 5, tensor([7, 8, 9])))).toEqual([5, 8, 5]);
    expect(values(where(c, 1, 2))).toEqual([1, 2, 1]);
    // 0-d operands (a kernel once skipped rank-0 outputs)
    expect(where(tensor(1), tensor(5), 0).item()).toBe(5);
    expect(where(tensor(0), tensor(5), tensor(-5)).item()).toBe(-5);
  });

  it('takes the dtype of its values (float32 stays float32, mixed promotes)', () => {
    const f = tensor([1, 2], { dtype: 'float32' });
    expect(where(tensor([1, 0]), f, 0).dtype).toBe('float32');
    expect(where(tensor([1, 0]), f, tensor([0.1, 0.1])).dtype).toBe('float64');
  });

  it('refuses shapes that do not broadcast, naming them', () => {
    expect(() => where(tensor([1, 0]), tensor([1, 2, 3]), 0)).toThrow(/where: cond \[2\], a \[3\] and b \[\] cannot be broadcast together/);
    expect(() => where(tensor([1, 0]), 1, tensor([[1, 2, 3]]))).toThrow(/where: cond \[2\], a \[\] and b \[1, 3\] cannot be broadcast together/);
  });

  it('routes gradients to the chosen branch only; the condition gets none', () => {
    const x = tensor([-1, 2, 3]);
    expect(values(grad((t: Tensor) => sum(where(gt(t, 0), mul(t, t), mul(t, -3))))(x))).toEqual([-3, 4, 6]);
    const [, t] = jvp((c: Tensor) => where(c, 1, 2), [tensor([1, 0])], [tensor([1, 1])]);
    expect(values(t)).toEqual([0, 0]);
    const c = gt(randn([2, 3], { seed: 1 }), 0);
    checkGrads((a, b) => where(c, a, b), [randn([2, 3], { seed: 2 }), randn([3], { seed: 3 })]);
    checkGrads((a, b) => where(c, mul(a, b), b), [randn([1, 3], { seed: 4 }), randn([2, 1], { seed: 5 })]);
  });

  it('vmap equals a loop (condition batched, values shared, and the reverse)', () => {
    const c = gt(randn([4, 3], { seed: 6 }), 0), a = randn([3], { seed: 7 }), b = randn([3, 4], { seed: 8 });
    checkVmap(where, [c, a, b], { inAxes: [0, null, 1] });
    const c1 = gt(randn([3], { seed: 9 }), 0);
    checkVmap(where, [c1, a, b], { inAxes: [null, null, 1] });
  });
});
