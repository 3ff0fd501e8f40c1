import { describe, expect, it } from 'vitest';
import { arange, diag, diagonal, grad, norm, randn, sum, tensor, Tensor, trace, tril, triu, zeros, mul } from '../index';
import { checkGrads, checkVmap } from '../testing';

const values = (t: Tensor) => Array.from(t.data);
const m = arange(12).reshape([3, 4]); // [[0..3], [4..7], [8..11]]

describe('diagonal, diag, trace', () => {
  it('read diagonals of non-square matrices and batches, with offsets', () => {
    expect(values(diagonal(m))).toEqual([0, 5, 10]);
    expect(values(diagonal(m, 1))).toEqual([1, 6, 11]);
    expect(values(diagonal(m, 3))).toEqual([3]);
    expect(values(diagonal(m, -1))).toEqual([4, 9]);
    expect(diagonal(m, 5).shape).toEqual([0]);
    const b = arange(8).reshape([2, 2, 2]);
    expect(diagonal(b).toArray()).toEqual([[0, 3], [4, 7]]);
    expect(values(m.diagonal(-2))).toEqual([8]);
  });

  it('diag builds a matrix from a vector and reads a matrix diagonal', () => {
    expect(diag(tensor([1, 2])).toArray()).toEqual([[1, 0], [0, 2]]);
    expect(diag(tensor([1, 2], { dtype: 'float32' })).dtype).toBe('float32');
    expect(values(diag(m))).toEqual([0, 5, 10]);
    expect(() => diag(zeros([2, 2, 2]))).toThrow(/diag: expected a vector or a matrix, got shape \[2, 2, 2\]/);
  });

  it('trace sums the diagonal, batched', () => {
    expect(trace(m).item()).toBe(15);
    expect(values(trace(arange(8).reshape([2, 2, 2])))).toEqual([3, 11]);
    expect(() => trace(tensor([1, 2]))).toThrow(/trace: expected a matrix \(or a batch of them\), got shape \[2\]/);
  });

  it('have correct derivatives (the gradient of trace is the identity)', () => {
    expect(grad((x: Tensor) => trace(x))(randn([2, 2], { seed: 1 })).toArray()).toEqual([[1, 0], [0, 1]]);
    checkGrads((x) => diagonal(x, 1), [randn([2, 3, 4], { seed: 2 })]);
    checkGrads((x) => diag(x), [randn([3], { seed: 3 })]);
    checkGrads((x) => mul(trace(x), trace(x)), [randn([3, 3], { seed: 4 })]);
  });

  it('vmap equals a loop', () => {
    const a = randn([3, 5, 4], { seed: 5 });
    checkVmap((x) => diagonal(x, -1), [a], { inAxes: [1] });
  });
});

describe('tril and triu', () => {
  it('keep the triangles of non-square matrices, with offsets', () => {
    expect(tril(m).toArray()).toEqual([[0, 0, 0, 0], [4, 5, 0, 0], [8, 9, 10, 0]]);
    expect(triu(m).toArray()).toEqual([[0, 1, 2, 3], [0, 5, 6, 7], [0, 0, 10, 11]]);
    expect(tril(m, 1).toArray()).toEqual([[0, 1, 0, 0], [4, 5, 6, 0], [8, 9, 10, 11]]);
    expect(triu(m, -1).toArray()).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [0, 9, 10, 11]]);
    expect(m.tril().toArray()).toEqual(tril(m).toArray());
    // tril + triu counts the diagonal twice
    expect(values(sum(tril(m).add(triu(m)).sub(m)))).toEqual([15]);
    expect(tril(randn([2, 3, 3], { seed: 6 })).shape).toEqual([2, 3, 3]);
    expect(() => tril(tensor([1]))).toThrow(/tril: expected a matrix/);
  });

  it('pass gradients only through the kept entries', () => {
    expect(grad((x: Tensor) => sum(triu(x)))(zeros([2, 3])).toArray()).toEqual([[1, 1, 1], [0, 1, 1]]);
    checkGrads((x) => tril(x, -1), [randn([2, 3, 4], { seed: 7 })]);
  });
});

describe('norm', () => {
  it('computes 2-, 1- and max-norms over axes', () => {
    const v = tensor([[3, -4], [0, 0]]);
    expect(norm(v).item()).toBe(5);
    expect(values(norm(v, 1))).toEqual([5, 0]);
    expect(norm(v, 1, true).shape).toEqual([2, 1]);
    expect(values(norm(v, 1, false, 1))).toEqual([7, 0]);
    expect(values(norm(v, 0, false, Infinity))).toEqual([3, 4]);
    expect(v.norm([0, 1]).item()).toBe(5);
    expect(() => norm(v, undefined, false, 3)).toThrow(/norm: ord must be 1, 2 or Infinity, got 3/);
    expect(() => norm(v, 2)).toThrow(/norm: axis 2 is out of range/);
  });

  it('has correct derivatives, and gradient 0 (not NaN) at the zero vector', () => {
    checkGrads((x) => norm(x, 1), [randn([3, 4], { seed: 8 })]);
    checkGrads((x) => norm(x, [0, 1], false, 1), [randn([3, 4], { seed: 9 })], { order: 1 });
    expect(values(grad((x: Tensor) => norm(x))(zeros([3])))).toEqual([0, 0, 0]);
    values(grad((x: Tensor) => norm(x))(tensor([3, 4]))).forEach((g, i) => expect(g).toBeCloseTo([0.6, 0.8][i], 15));
  });
});

// Found by properties/malformed.test.ts: a fractional diagonal was accepted (and silently rounded by the mask).
describe('tril and triu refuse a fractional diagonal', () => {
  it('names the op and the value', () => {
    expect(() => tril(m, 0.5)).toThrow(/^tril: k must be an integer, got 0\.5/);
    expect(() => triu(m, -1.5)).toThrow(/^triu: k must be an integer, got -1\.5/);
  });
});
