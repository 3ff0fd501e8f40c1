import { describe, expect, it } from 'vitest';
import { astype, vmap, grad, jvp, sum, tensor, Tensor, mul, randn } from '../index';
import { checkGrads, checkVmap } from '../testing';

const values = (t: Tensor) => Array.from(t.data);

describe('astype', () => {
  it('converts between float64 and float32 (rounding to float32)', () => {
    const x = tensor([0.1, 1e40, 2]);
    const f = astype(x, 'float32');
    expect(f.dtype).toBe('float32');
    expect(f.data).toBeInstanceOf(Float32Array);
    expect(values(f)).toEqual([Math.fround(0.1), Infinity, 2]);
    expect(astype(f, 'float64').dtype).toBe('float64');
    expect(astype(x, 'float64')).toBe(x);
    expect(values(x.astype('float32'))).toEqual(values(f));
  });

  it('refuses an unknown dtype', () => {
    expect(() => astype(tensor([1]), 'int8' as never)).toThrow(/int8/);
  });

  it('gives derivatives in the dtype of the input', () => {
    const g = grad((t: Tensor) => sum(mul(astype(t, 'float32'), 3)))(tensor([1, 2]));
    expect(g.dtype).toBe('float64');
    expect(values(g)).toEqual([3, 3]);
    const g32 = grad((t: Tensor) => sum(mul(astype(t, 'float64'), 0.5)))(tensor([1], { dtype: 'float32' }));
    expect(g32.dtype).toBe('float32');
    const [, tangent] = jvp((t: Tensor) => astype(t, 'float32'), [tensor([1])], [tensor([0.5])]);
    expect(tangent.dtype).toBe('float32');
    expect(tangent.item()).toBe(0.5);
    checkGrads((t) => astype(mul(t, t), 'float64'), [randn([2, 3], { seed: 1 })]);
  });

  it('vmap equals a loop', () => {
    const a = randn([3, 2], { seed: 2 });
    const f = (t: Tensor) => astype(t, 'float32');
    checkVmap(f, [a], { inAxes: [1] });
    expect(vmap(f, { inAxes: 1 })(a).dtype).toBe('float32');
  });
});
