import { describe, expect, it } from 'vitest';
import { grad, jvp, mul, stopGradient, sum, tensor, Tensor, vjp, randn } from '../index';
import { checkVmap } from '../testing';

const values = (t: Tensor) => Array.from(t.data);

describe('stopGradient', () => {
  it('passes values through unchanged', () => {
    const x = tensor([[1, 2], [3, 4]], { dtype: 'float32' });
    const y = stopGradient(x);
    expect(y.toArray()).toEqual(x.toArray());
    expect(y.dtype).toBe('float32');
  });

  it('blocks gradients in reverse and forward mode', () => {
    // d/dx [x * stop(x)] = stop(x), not 2x
    expect(values(grad((t: Tensor) => sum(mul(t, stopGradient(t))))(tensor([3, -2])))).toEqual([3, -2]);
    const [, back] = vjp((t: Tensor) => stopGradient(mul(t, t)), tensor([1, 2]));
    expect(values(back(tensor([1, 1]))[0])).toEqual([0, 0]);
    const [, t] = jvp((x: Tensor) => mul(stopGradient(x), x), [tensor([2])], [tensor([1])]);
    expect(t.item()).toBe(2);
  });

  it('stays a constant for every level of nested derivatives (as in JAX)', () => {
    // f(x) = x² · stop(x): f' = 2x · stop(x), and f'' = 2 · stop(x) = 6 at x = 3 (not 6x = 18)
    const inner = (t: Tensor) => sum(mul(mul(t, t), stopGradient(t)));
    const second = grad((t: Tensor) => sum(grad(inner)(t)))(tensor([3]));
    expect(second.item()).toBe(6);
  });

  it('vmap equals a loop', () => {
    const a = randn([2, 3], { seed: 1 });
    checkVmap(stopGradient, [a], { inAxes: [1] });
  });
});
