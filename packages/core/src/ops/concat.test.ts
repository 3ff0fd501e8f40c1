import { describe, expect, it } from 'vitest';
import { arange, chunk, concat, grad, jvp, randn, split, stack, sum, tensor, Tensor, mul, sin } from '../index';
import { checkGrads, checkVmap } from '../testing';

const values = (t: Tensor) => Array.from(t.data);

describe('concat', () => {
  it('joins along an axis (negative axes count from the end)', () => {
    const a = tensor([[1, 2], [3, 4]]), b = tensor([[5], [6]]);
    expect(concat([a, b], 1).toArray()).toEqual([[1, 2, 5], [3, 4, 6]]);
    expect(concat([a, b], -1).toArray()).toEqual([[1, 2, 5], [3, 4, 6]]);
    expect(concat([a, tensor([[7, 8]])]).toArray()).toEqual([[1, 2], [3, 4], [7, 8]]);
    expect(concat([tensor([1]), tensor([2, 3]), tensor([4, 5, 6])]).toArray()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(concat([a])).toBe(a);
  });

  it('promotes float32 with float64', () => {
    const r = concat([tensor([1], { dtype: 'float32' }), tensor([2], { dtype: 'float32' })]);
    expect(r.dtype).toBe('float32');
    expect(concat([tensor([1], { dtype: 'float32' }), tensor([0.1])]).dtype).toBe('float64');
    expect(concat([tensor([1], { dtype: 'float32' }), tensor([0.1])]).data[1]).toBe(0.1);
  });

  it('refuses mismatched shapes, naming both', () => {
    expect(() => concat([tensor([[1, 2]]), tensor([[1, 2, 3]])], 0)).toThrow(/concat: tensor 1 has shape \[1, 3\], which does not match \[1, 2\] outside axis 0/);
    expect(() => concat([tensor([1, 2]), tensor([[1, 2]])])).toThrow(/tensor 1 has shape \[1, 2\]/);
    expect(() => concat([])).toThrow(/non-empty/);
    expect(() => concat([tensor([1])], 1)).toThrow(/axis 1 is out of range/);
    expect(() => concat([tensor(1), tensor(2)])).toThrow(/0-d/);
  });

  it('has correct derivatives for every piece, to second order', () => {
    const a = randn([2, 3], { seed: 1 }), b = randn([2, 1], { seed: 2 }), c = randn([2, 4], { seed: 3 });
    checkGrads((x, y, z) => concat([x, y, z], 1), [a, b, c]);
    checkGrads((x, y) => sin(concat([mul(x, x), y], 0)), [a, randn([1, 3], { seed: 4 })]);
    const [gx, gy] = grad((x: Tensor, y: Tensor) => sum(mul(concat([x, y]), arange(5))), { argnums: [0, 1] })(tensor([1, 1]), tensor([1, 1, 1]));
    expect(values(gx)).toEqual([0, 1]);
    expect(values(gy)).toEqual([2, 3, 4]);
    // forward mode: only the piece with a tangent contributes
    const [, t] = jvp((x: Tensor) => concat([x, tensor([9])]), [tensor([1, 2])], [tensor([5, 6])]);
    expect(values(t)).toEqual([5, 6, 0]);
  });

  it('vmap equals a loop, with batched and shared pieces', () => {
    const a = randn([3, 2, 4], { seed: 5 }), b = randn([2, 1], { seed: 6 }), c = randn([2, 3, 2], { seed: 7 });
    const f = (x: Tensor, y: Tensor, z: Tensor) => concat([x, y, z], 1);
    const dims = [0, null, 1];
    checkVmap(f, [a, b, c], { inAxes: dims });
  });
});

describe('stack', () => {
  it('joins along a new axis', () => {
    const a = tensor([1, 2]), b = tensor([3, 4]);
    expect(stack([a, b]).toArray()).toEqual([[1, 2], [3, 4]]);
    expect(stack([a, b], 1).toArray()).toEqual([[1, 3], [2, 4]]);
    expect(stack([a, b], -1).toArray()).toEqual([[1, 3], [2, 4]]);
    expect(stack([tensor(1), tensor(2)]).toArray()).toEqual([1, 2]);
  });

  it('refuses different shapes and has correct derivatives', () => {
    expect(() => stack([tensor([1, 2]), tensor([1, 2, 3])])).toThrow(/stack: tensor 1 has shape \[3\] but tensor 0 has \[2\]/);
    checkGrads((x, y) => stack([x, y], 1), [randn([2, 3], { seed: 8 }), randn([2, 3], { seed: 9 })]);
  });
});

describe('split and chunk', () => {
  const x = arange(12).reshape([2, 6]);

  it('split into equal parts or at indices', () => {
    const parts = split(x, 3, 1);
    expect(parts.map((p) => p.toArray())).toEqual([[[0, 1], [6, 7]], [[2, 3], [8, 9]], [[4, 5], [10, 11]]]);
    const cut = x.split([1, 4], 1);
    expect(cut.map((p) => p.shape)).toEqual([[2, 1], [2, 3], [2, 2]]);
    expect(cut[1].toArray()).toEqual([[1, 2, 3], [7, 8, 9]]);
    expect(() => split(x, 4, 1)).toThrow(/split: cannot split axis 1 of size 6 \(shape \[2, 6\]\) into 4 equal parts/);
    expect(() => split(x, [4, 1], 1)).toThrow(/must be increasing integers/);
  });

  it('chunk lets the last piece be smaller', () => {
    expect(chunk(arange(5), 2).map(values)).toEqual([[0, 1, 2], [3, 4]]);
    expect(x.chunk(4, 1).map((p) => p.shape)).toEqual([[2, 2], [2, 2], [2, 2]]);
  });

  it('undoes concat, and its pieces have correct derivatives', () => {
    const [a, b] = split(concat([tensor([1, 2]), tensor([3])]), [2]);
    expect(values(a)).toEqual([1, 2]);
    expect(values(b)).toEqual([3]);
    checkGrads((t) => {
      const [p, q] = split(t, [2], 1);
      return mul(sum(p, 1), sum(q, 1));
    }, [randn([3, 5], { seed: 10 })]);
  });
});
