import { describe, it, expect } from 'vitest';
import { tensor, grad, jvp, vjp, tanh, sum, mul, matmul, randn } from './index';
import { checkGrads } from './testing';

describe('smoke', () => {
  it('grad of sum of squares', () => {
    const x = tensor([1, 2, 3]);
    const g = grad((x) => sum(mul(x, x)))(x);
    expect(g.toArray()).toEqual([2, 4, 6]);
  });
  it('perturbation confusion', () => {
    const x = tensor(3);
    const f = (x: any) => mul(x, grad((y: any) => mul(x, y))(tensor(5)));
    expect(grad(f)(x).item()).toBeCloseTo(6);
  });
  it('checkGrads tanh matmul', () => {
    const W = randn([2, 3], { seed: 1 });
    checkGrads((x) => tanh(matmul(W, x)), [randn([3], { seed: 2 })]);
    checkGrads((a, b) => mul(a, b).tanh(), [randn([2, 3], { seed: 3 }), randn([3], { seed: 4 })]);
    console.log(tensor([[1, 2.5], [3, 4]]));
  });
});
