import { describe, expect, it } from 'vitest';
import { arange, grad, index, jvp, pad, randn, slice, sum, tensor, Tensor, vjp, mul } from '../index';
import { checkGrads, checkVmap } from '../testing';

const values = (t: Tensor) => Array.from(t.data);

describe('slice', () => {
  const x = arange(12).reshape([3, 4]); // [[0..3], [4..7], [8..11]]

  it('takes ranges, single indices (dropping the axis) and whole axes', () => {
    const a = slice(x, [null, [1, 3]]);
    expect(a.shape).toEqual([3, 2]);
    expect(a.toArray()).toEqual([[1, 2], [5, 6], [9, 10]]);
    expect(slice(x, [1]).toArray()).toEqual([4, 5, 6, 7]);
    expect(slice(x, [null, -1]).toArray()).toEqual([3, 7, 11]);
    expect(slice(x, [[1]]).toArray()).toEqual([[4, 5, 6, 7], [8, 9, 10, 11]]);
    expect(slice(x, [2, 3]).shape).toEqual([]);
    expect(slice(x, [2, 3]).item()).toBe(11);
  });

  it('follows Python slice rules: negative bounds, steps, reversal, clamping, empty ranges', () => {
    const v = arange(10);
    expect(values(slice(v, [[-3]]))).toEqual([7, 8, 9]);
    expect(values(slice(v, [[null, null, 3]]))).toEqual([0, 3, 6, 9]);
    expect(values(slice(v, [[null, null, -1]]))).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(values(slice(v, [[7, 2, -2]]))).toEqual([7, 5, 3]);
    expect(values(slice(v, [[-2, -100, -1]]))).toEqual([8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(values(slice(v, [[5, 100]]))).toEqual([5, 6, 7, 8, 9]);
    expect(slice(v, [[6, 2]]).shape).toEqual([0]);
    expect(slice(x, [[null, null, -1], [1, null, 2]]).toArray()).toEqual([[9, 11], [5, 7], [1, 3]]);
  });

  it('has method forms, and index(x, i) is x[i]', () => {
    expect(x.slice([null, [1, 3]]).toArray()).toEqual(slice(x, [null, [1, 3]]).toArray());
    expect(index(x, -1).toArray()).toEqual([8, 9, 10, 11]);
    expect(x.index(0).toArray()).toEqual([0, 1, 2, 3]);
  });

  it('keeps float32', () => {
    const y = slice(randn([3, 4], { seed: 1, dtype: 'float32' }), [null, [0, 2]]);
    expect(y.dtype).toBe('float32');
  });

  it('refuses bad specs with clear errors', () => {
    expect(() => slice(x, [3])).toThrow(/slice: index 3 is out of range for axis 0 of shape \[3, 4\]/);
    expect(() => slice(x, [null, -5])).toThrow(/index -5 is out of range for axis 1/);
    expect(() => slice(x, [null, null, null])).toThrow(/3 indices for a tensor of shape \[3, 4\]/);
    expect(() => slice(x, [[0, 2, 0]])).toThrow(/step must be a nonzero integer/);
    expect(() => slice(x, [[0.5, 2]])).toThrow(/bounds must be integers/);
    expect(() => index(tensor(1), 0)).toThrow(/0-d/);
  });

  it('has correct derivatives (strided, reversed, with dropped axes)', () => {
    const a = randn([4, 5], { seed: 2 });
    checkGrads((t) => slice(t, [[1, 4], [null, null, 2]]), [a]);
    checkGrads((t) => slice(t, [[null, null, -1], 3]), [a]);
    checkGrads((t) => mul(slice(t, [[0, 2]]), slice(t, [[2, 4]])), [a]);
    const g = grad((t: Tensor) => sum(slice(t, [null, [1, 3]])))(a);
    expect(g.toArray()).toEqual([[0, 1, 1, 0, 0], [0, 1, 1, 0, 0], [0, 1, 1, 0, 0], [0, 1, 1, 0, 0]]);
  });

  it('vmap equals a loop', () => {
    const a = randn([3, 4, 5], { seed: 3 });
    const f = (t: Tensor) => slice(t, [[1, null, 2], -1]);
    for (const d of [0, 1, 2]) checkVmap(f, [a], { inAxes: [d] });
  });
});

describe('pad', () => {
  it('pads with zeros and is the transpose of slice', () => {
    const p = pad(tensor([[1, 2], [3, 4]]), [[1, 0], [0, 2]]);
    expect(p.toArray()).toEqual([[0, 0, 0, 0], [1, 2, 0, 0], [3, 4, 0, 0]]);
    expect(tensor([1, 2]).pad([[2, 1]]).toArray()).toEqual([0, 0, 1, 2, 0]);
    // <pad(u), v> = <u, slice(v)>
    const u = randn([2, 3], { seed: 4 }), v = randn([5, 3], { seed: 5 });
    const lhs = sum(mul(pad(u, [[1, 2]]), v)).item();
    const rhs = sum(mul(u, slice(v, [[1, 3]]))).item();
    expect(lhs).toBeCloseTo(rhs, 12);
  });

  it('has correct derivatives of every order, and its VJP is a slice', () => {
    const a = randn([2, 3], { seed: 6 });
    checkGrads((t) => pad(t, [[1, 2], [0, 1]]), [a], { order: 3 });
    const [, back] = vjp((t: Tensor) => pad(t, [[1, 0]]), a);
    const g = arange(9).reshape([3, 3]);
    expect(back(g)[0].toArray()).toEqual([[3, 4, 5], [6, 7, 8]]);
    const [, tangent] = jvp((t: Tensor) => pad(t, [[0, 1]]), [a], [a]);
    expect(values(tangent)).toEqual([...values(a), 0, 0, 0]);
  });

  it('refuses bad widths', () => {
    expect(() => pad(tensor([1]), [[-1, 0]])).toThrow(/pad: widths must be non-negative integers, got \[-1, 0\] for axis 0/);
    expect(() => pad(tensor([1]), [[0, 0], [1, 1]])).toThrow(/2 pad widths for a tensor of shape \[1\]/);
  });

  it('vmap equals a loop', () => {
    const a = randn([3, 2, 4], { seed: 7 });
    const f = (t: Tensor) => pad(t, [[1, 1], [2, 0]]);
    for (const d of [0, 2]) checkVmap(f, [a], { inAxes: [d] });
  });
});
