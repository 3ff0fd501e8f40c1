import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import { tensor, zeros, ones, full, eye, arange, linspace, zerosLike, onesLike, Tensor, grad, jvp, vmap, sum, mul } from './index';

describe('creating tensors', () => {
  it('from nested arrays, with shape, dtype and size', () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float64');
    expect(t.size).toBe(6);
    expect(t.ndim).toBe(2);
    expect(t.nbytes).toBe(48);
    expect(t.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(t.data).toBeInstanceOf(Float64Array);
  });

  it('from a scalar and from typed arrays (float32 kept, copied)', () => {
    expect(tensor(2.5).shape).toEqual([]);
    expect(tensor(2.5).item()).toBe(2.5);
    const src = new Float32Array([1, 2, 3, 4]);
    const t = tensor(src, { shape: [2, 2] });
    expect(t.dtype).toBe('float32');
    src[0] = 99;
    expect(t.toArray()).toEqual([[1, 2], [3, 4]]);
    expect(tensor([1.1, 2], { dtype: 'float32' }).data[0]).toBeCloseTo(1.1, 6);
  });

  it('from another tensor, honouring a new shape and dtype', () => {
    const t = tensor(tensor([[1, 2, 3], [4, 5, 6]]), { shape: [3, 2], dtype: 'float32' });
    expect(t.shape).toEqual([3, 2]);
    expect(t.dtype).toBe('float32');
    expect(t.toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(() => tensor(tensor([1, 2, 3]), { shape: [2, 2] })).toThrow(/3 elements but shape \[2, 2\] needs 4/);
  });

  it('refuses to copy a tensor that a transform is following (the copy would silently drop its derivative)', () => {
    const x = tensor([1, 2]);
    const copyInside = (v: Tensor) => sum(mul(tensor(v), v));
    expect(() => grad(copyInside)(x)).toThrow(/tensor: .*inside grad, jvp or vmap.*cut it off from the derivative.*astype/);
    expect(() => jvp(copyInside, [x], [x])).toThrow(/tensor: .*inside grad, jvp or vmap/);
    expect(() => vmap((v: Tensor) => tensor(v))(tensor([[1, 2]]))).toThrow(/tensor: .*inside grad, jvp or vmap/);
    // once the transform is over, a tensor it left behind is an ordinary value to copy
    let leaked: Tensor | undefined;
    grad((v: Tensor) => ((leaked = v), sum(v)))(x);
    expect(tensor(leaked!).toArray()).toEqual([1, 2]);
  });

  it('zeros, ones, full, eye (non-square), arange, linspace, *Like', () => {
    expect(zeros([2, 1]).toArray()).toEqual([[0], [0]]);
    expect(ones([3], { dtype: 'float32' }).dtype).toBe('float32');
    expect(full([2], 7).toArray()).toEqual([7, 7]);
    expect(eye(2, 3).toArray()).toEqual([[1, 0, 0], [0, 1, 0]]);
    expect(arange(4).toArray()).toEqual([0, 1, 2, 3]);
    expect(arange(1, 2, 0.25).toArray()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(arange(3, 0, -1).toArray()).toEqual([3, 2, 1]);
    expect(linspace(0, 1, 5).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const x = tensor([[1, 2]], { dtype: 'float32' });
    expect(zerosLike(x).shape).toEqual([1, 2]);
    expect(onesLike(x).dtype).toBe('float32');
  });

  it('refuses an unknown dtype, a wrong data length, bad dimensions, ragged arrays', () => {
    expect(() => tensor([1], { dtype: 'int8' as any })).toThrow(/unknown dtype "int8"/);
    expect(() => zeros([2], { dtype: 'float16' as any })).toThrow(/unknown dtype "float16"/);
    expect(() => tensor(new Float64Array(5), { shape: [2, 3] })).toThrow(/5 elements but shape \[2, 3\] needs 6/);
    expect(() => tensor([1, 2, 3], { shape: [2, 2] })).toThrow(/3 elements but shape \[2, 2\] needs 4/);
    expect(() => zeros([2, 1.5])).toThrow(/dimension 1.5/);
    expect(() => zeros([-1])).toThrow(/dimension -1/);
    expect(() => tensor([[1, 2], [3]])).toThrow(/ragged.*\[1\].*expected 2 items, found 1/);
    expect(() => tensor([1, 'a' as any])).toThrow(/element at \[1\] is string/);
    expect(() => arange(0, 1, 0)).toThrow(/step must be a nonzero/);
    expect(() => tensor(new Int32Array([1, 2]) as any)).toThrow(/Int32Array is not accepted; pass a Float64Array or Float32Array/);
  });

  it('item() needs exactly one element', () => {
    expect(() => tensor([1, 2]).item()).toThrow(/shape \[2\] has 2 elements/);
  });
});

describe('printing', () => {
  it('console.log shows values, shape and dtype', () => {
    const s = inspect(tensor([[1, 2.5], [3, 4]]));
    expect(s).toBe('tensor([[1.0000, 2.5000],\n        [3.0000, 4.0000]], shape=[2, 2], dtype=float64)');
    expect(inspect(tensor([1, 2], { dtype: 'float32' }))).toBe('tensor([1., 2.], shape=[2], dtype=float32)');
    expect(String(tensor(NaN))).toContain('nan');
    // whole numbers print without decimals up to 1e8, in scientific notation beyond (as PyTorch)
    expect(String(tensor([1e8, 1]))).toBe('tensor([100000000.,         1.], shape=[2], dtype=float64)');
    expect(String(tensor([1e20, -1]))).toBe('tensor([1.0000e+20, -1.0000e+0], shape=[2], dtype=float64)');
  });

  it('adds statistics of all values for larger tensors, counting NaN and Inf', () => {
    const t = tensor([...Array(20).keys()].map((i) => (i === 3 ? NaN : i === 4 ? Infinity : i)));
    expect(String(t).split('\n').pop()).toBe('stats: min 0, max 19, mean 10.17, std 5.698, 1 NaN, 1 ±Inf');
    expect(String(tensor([1, 2]))).not.toContain('stats');
  });

  it('summarizes large tensors with ellipses', () => {
    const s = String(arange(5000).reshape([50, 100]));
    expect(s).toContain('...');
    expect(s).toContain('shape=[50, 100]');
    expect(s.length).toBeLessThan(600);
    expect(s).toContain('4999.');
  });

  it('is a Tensor with method forms', () => {
    const t = tensor([1, 2]);
    expect(t).toBeInstanceOf(Tensor);
    expect(t.exp().toArray()).toEqual([Math.exp(1), Math.exp(2)]);
  });
});
