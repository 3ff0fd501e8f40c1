import { describe, expect, it } from 'vitest';
import { ReverseTrace } from '../engine/reverse';
import {
  arange, exp, grad, log, logSoftmax, logsumexp, max, mean, min, prod, randn, softmax, sum, tensor, Tensor, variance, jvp, zeros,
} from '../index';
import { checkGrads, checkVmap } from '../testing';

const values = (t: Tensor) => Array.from(t.data);
const expectClose = (a: Tensor, want: number[], digits = 12) => {
  expect(a.size).toBe(want.length);
  values(a).forEach((v, i) => expect(v).toBeCloseTo(want[i], digits));
};

// x[i, j, k] = 12 i + 4 j + k + 1 over shape [2, 3, 4]
const x = arange(1, 25).reshape([2, 3, 4]);

describe('sum, mean, max, min, prod', () => {
  it('reduce over all axes by default', () => {
    expect(sum(x).item()).toBe(300);
    expect(mean(x).item()).toBe(12.5);
    expect(max(x).item()).toBe(24);
    expect(min(x).item()).toBe(1);
    expect(prod(tensor([[1, 2], [3, 4]])).item()).toBe(24);
    expect(sum(x).shape).toEqual([]);
  });

  it('reduce over one or several axes, with keepdims true and false', () => {
    expect(sum(x, 0).toArray()).toEqual([[14, 16, 18, 20], [22, 24, 26, 28], [30, 32, 34, 36]]);
    expect(sum(x, [0, 2]).toArray()).toEqual([10 + 58, 26 + 74, 42 + 90]);
    expect(sum(x, [0, 2], true).shape).toEqual([1, 3, 1]);
    expect(sum(x, -1, true).shape).toEqual([2, 3, 1]);
    expect(max(x, [1, 2]).toArray()).toEqual([12, 24]);
    expect(min(x, 1, true).toArray()).toEqual([[[1, 2, 3, 4]], [[13, 14, 15, 16]]]);
    expect(mean(x, [0, 1]).toArray()).toEqual([11, 12, 13, 14]);
    expect(prod(tensor([[1, 2], [3, 4]]), 1).toArray()).toEqual([2, 12]);
    expect(sum(x, []).toArray()).toEqual(x.toArray());
  });

  it('have method forms equal to the function forms', () => {
    expect(x.sum([0, 2], true).toArray()).toEqual(sum(x, [0, 2], true).toArray());
    expect(x.mean(1).toArray()).toEqual(mean(x, 1).toArray());
    expect(x.max(2).toArray()).toEqual(max(x, 2).toArray());
    expect(x.min(0).toArray()).toEqual(min(x, 0).toArray());
    expect(x.prod(2).toArray()).toEqual(prod(x, 2).toArray());
  });

  it('keep float32', () => {
    const f = randn([3, 4], { seed: 1, dtype: 'float32' });
    for (const r of [sum(f, 0), mean(f), max(f, 1), min(f), prod(f, 1)]) expect(r.dtype).toBe('float32');
  });

  it('accumulate float32 in float64: the sum of 100,000 float32 0.1s is 10000, not 9998.6', () => {
    const tenth = tensor(Array(100_000).fill(0.1), { dtype: 'float32' });
    expect(sum(tenth).item()).toBe(10000);
    expect(mean(tenth).item()).toBeCloseTo(0.1, 7);
    expect(sum(tenth.reshape([1000, 100]), 0).data[0]).toBeCloseTo(100, 4);
  });

  it('refuse bad axes and empty extremum reductions', () => {
    expect(() => sum(x, 3)).toThrow(/sum: axis 3 is out of range for a tensor of rank 3/);
    expect(() => max(x, -4)).toThrow(/max: axis -4 is out of range/);
    expect(() => sum(x, [1, 1])).toThrow(/sum: repeated axis in \[1, 1\]/);
    expect(() => max(zeros([0, 2]), 0)).toThrow(/max: cannot reduce over an empty axis of a tensor of shape \[0, 2\]/);
    expect(sum(zeros([0, 2]), 0).toArray()).toEqual([0, 0]);
    // the empty product is 1, as in NumPy; its gradient is empty
    expect(prod(zeros([2, 0]), 1).toArray()).toEqual([1, 1]);
    expect(grad((t: Tensor) => sum(prod(t, 1)))(zeros([2, 0])).shape).toEqual([2, 0]);
    expect(jvp((t: Tensor) => prod(t, 1), [zeros([2, 0])], [zeros([2, 0])])[1].toArray()).toEqual([0, 0]);
  });

  it('have correct derivatives over several axes, keepdims or not', () => {
    const a = randn([2, 3, 4], { seed: 2 });
    for (const f of [sum, mean, max, min, prod]) {
      checkGrads((t) => f(t, [0, 2]), [a]);
      checkGrads((t) => f(t, 1, true), [a]);
      checkGrads((t) => f(t), [a]);
    }
  });

  it('max/min share the gradient among ties', () => {
    expect(values(grad((t: Tensor) => max(t))(tensor([1, 3, 3, 2])))).toEqual([0, 0.5, 0.5, 0]);
    expect(grad((t: Tensor) => sum(min(t, 1)))(tensor([[2, 2, 2], [1, 5, 0]])).toArray()).toEqual([[1 / 3, 1 / 3, 1 / 3], [0, 0, 1]]);
  });

  it('prod has exact derivatives with one zero and with two zeros', () => {
    expect(values(grad((t: Tensor) => prod(t))(tensor([2, 0, 3])))).toEqual([0, 6, 0]);
    expect(values(grad((t: Tensor) => prod(t))(tensor([2, 0, 0])))).toEqual([0, 0, 0]);
    const [, tangent] = jvp((t: Tensor) => prod(t, 1), [tensor([[2, 0, 3], [1, 2, 4]])], [tensor([[1, 1, 1], [1, 1, 1]])]);
    expect(values(tangent)).toEqual([6, 8 + 4 + 2]);
    checkGrads((t) => prod(t, 1), [tensor([[2, 0, 3], [0.5, 1.5, -2]])], { order: 1 });
  });

  it('vmap equals a loop', () => {
    const a = randn([2, 3, 4], { seed: 3 });
    for (const f of [sum, max, prod]) {
      const g = (t: Tensor) => f(t, [0], true);
      checkVmap(g, [a], { inAxes: [1] });
    }
  });
});

describe('variance', () => {
  it('is the population variance by default, the sample variance with correction 1', () => {
    const v = tensor([1, 2, 3, 4]);
    expect(variance(v).item()).toBeCloseTo(1.25, 14);
    expect(variance(v, 0, false, 1).item()).toBeCloseTo(5 / 3, 14);
    expect(tensor([[1, 3], [2, 6]]).variance(1, true).toArray()).toEqual([[1], [4]]);
  });

  it('has correct derivatives', () => {
    checkGrads((t) => variance(t, [0, 1]), [randn([3, 2, 4], { seed: 4 })]);
  });
});

describe('logsumexp, softmax, logSoftmax', () => {
  it('match the direct formulas', () => {
    const a = randn([2, 3], { seed: 5 });
    expectClose(logsumexp(a, 1), values(log(sum(exp(a), 1))));
    expectClose(softmax(a), values(exp(a).div(sum(exp(a), -1, true))));
    expectClose(logSoftmax(a, 0), values(log(exp(a).div(sum(exp(a), 0, true)))));
    expect(logsumexp(a, [0, 1], true).shape).toEqual([1, 1]);
    expect(a.softmax(0).toArray()).toEqual(softmax(a, 0).toArray());
    expect(a.logsumexp().item()).toBe(logsumexp(a).item());
  });

  it('do not overflow or underflow', () => {
    const big = tensor([1000, 1000, -1000]);
    expect(logsumexp(big).item()).toBeCloseTo(1000 + Math.log(2), 10);
    expectClose(softmax(big), [0.5, 0.5, 0]);
    expect(logSoftmax(big).data[2]).toBeCloseTo(-2000 - Math.log(2), 8);
    expect(logsumexp(tensor([-Infinity, -Infinity])).item()).toBe(-Infinity);
    expect(logsumexp(tensor([Infinity, 0])).item()).toBe(Infinity);
  });

  it('softmax and logSoftmax of large logits keep full precision (x − max first, not x − logsumexp)', () => {
    // x − logsumexp(x) rounds at the scale of x: in float32 at 1000 that is 6e-5, far above float32's 6e-8.
    for (const dtype of ['float32', 'float64'] as const) {
      const big = tensor([1000, 1000, 0], { dtype });
      expect(values(softmax(big))).toEqual([0.5, 0.5, 0]);
      const half = dtype === 'float32' ? Math.fround(-Math.log(2)) : -Math.log(2);
      expect(Math.abs(logSoftmax(big).data[0] - half)).toBeLessThanOrEqual(Math.abs(half) * (dtype === 'float32' ? 1.2e-7 : 2.3e-16));
    }
  });

  it('over an empty axis: logsumexp is log(0) = -Infinity and softmax is empty, as in NumPy', () => {
    const e = zeros([2, 0]);
    expect(values(logsumexp(e, 1))).toEqual([-Infinity, -Infinity]);
    expect(logsumexp(e, 1, true).shape).toEqual([2, 1]);
    expect(softmax(e).shape).toEqual([2, 0]);
    expect(logSoftmax(e).shape).toEqual([2, 0]);
    expect(grad((t: Tensor) => sum(softmax(t)))(e).shape).toEqual([2, 0]);
  });

  it('record no op for the max they shift by: it is taken with its derivative already stopped', () => {
    const recorded: string[] = [];
    const process = ReverseTrace.prototype.process;
    ReverseTrace.prototype.process = function (this: ReverseTrace, ...args: Parameters<typeof process>) {
      recorded.push(args[0].name);
      return process.apply(this, args);
    };
    try {
      grad((t: Tensor) => sum(logSoftmax(t)))(randn([3, 4], { seed: 7 }));
    } finally {
      ReverseTrace.prototype.process = process;
    }
    expect(recorded).toContain('exp');
    expect(recorded).not.toContain('max');
    expect(recorded).not.toContain('where');
  });

  it('softmax rows sum to one, and the derivatives are correct', () => {
    const a = randn([3, 4], { seed: 6 });
    expectClose(sum(softmax(a), -1), [1, 1, 1]);
    checkGrads((t) => logsumexp(t, [0, 1]), [a]);
    checkGrads((t) => softmax(t, 0), [a]);
    checkGrads((t) => logSoftmax(t), [a]);
    // the gradient of logsumexp is softmax
    expectClose(grad((t: Tensor) => logsumexp(t))(tensor([1, 2, 3])), values(softmax(tensor([1, 2, 3]))));
  });
});
