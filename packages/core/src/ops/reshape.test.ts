import { describe, expect, it } from 'vitest';
import { arange, expandDims, flatten, randn, reshape, squeeze, tensor, Tensor, sin } from '../index';
import { checkGrads, checkVmap } from '../testing';

const values = (t: Tensor) => Array.from(t.data);

describe('reshape', () => {
  const x = arange(6);

  it('keeps row-major order and infers one -1 dimension', () => {
    expect(reshape(x, [2, 3]).toArray()).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(reshape(x, [3, -1]).shape).toEqual([3, 2]);
    expect(reshape(x, [-1]).shape).toEqual([6]);
    expect(reshape(tensor(5), [1, 1]).toArray()).toEqual([[5]]);
    expect(reshape(x, [6])).toBe(x);
    expect(x.reshape([1, 6, 1]).shape).toEqual([1, 6, 1]);
  });

  it('keeps float32', () => {
    expect(reshape(tensor([1, 2], { dtype: 'float32' }), [2, 1]).dtype).toBe('float32');
  });

  it('refuses sizes that do not match, two -1s and bad dimensions', () => {
    expect(() => reshape(x, [4, 2])).toThrow(/reshape: cannot reshape a tensor of shape \[6\] \(6 elements\) into \[4, 2\]/);
    expect(() => reshape(x, [-1, -1])).toThrow(/only one dimension can be -1/);
    expect(() => reshape(x, [4, -1])).toThrow(/cannot reshape a tensor of shape \[6\]/);
    expect(() => reshape(x, [2.5, 2])).toThrow(/invalid dimension 2.5/);
    expect(() => reshape(x, 6 as unknown as number[])).toThrow(/shape must be an array/);
  });

  it('has correct derivatives', () => {
    checkGrads((t) => sin(reshape(t, [3, 2, 2])), [randn([4, 3], { seed: 1 })]);
  });

  it('vmap equals a loop', () => {
    const a = randn([2, 5, 6], { seed: 2 });
    const f = (t: Tensor) => reshape(t, [3, -1]);
    checkVmap(f, [a], { inAxes: [1] });
  });
});

describe('expandDims, squeeze, flatten', () => {
  const x = randn([2, 3], { seed: 3 });

  it('insert and remove unit axes', () => {
    expect(expandDims(x, 0).shape).toEqual([1, 2, 3]);
    expect(expandDims(x, -1).shape).toEqual([2, 3, 1]);
    expect(x.expandDims(1).shape).toEqual([2, 1, 3]);
    const y = tensor([[[1], [2]]]);
    expect(squeeze(y).toArray()).toEqual([1, 2]);
    expect(squeeze(y, 0).shape).toEqual([2, 1]);
    expect(y.squeeze([-1]).shape).toEqual([1, 2]);
    expect(flatten(y).shape).toEqual([2]);
    expect(values(x.flatten())).toEqual(values(x));
  });

  it('refuse bad axes and squeezing a non-unit axis', () => {
    expect(() => expandDims(x, 3)).toThrow(/expandDims: axis 3 is out of range for a result of rank 3/);
    expect(() => squeeze(x, 0)).toThrow(/squeeze: axis 0 of shape \[2, 3\] has size 2, not 1/);
    expect(() => squeeze(x, 5)).toThrow(/squeeze: axis 5 is out of range/);
    expect(() => squeeze(tensor([[[1]]]), [0, -3])).toThrow(/squeeze: repeated axis in \[0, -3\]/);
  });

  it('have correct derivatives', () => {
    checkGrads((t) => squeeze(expandDims(t, 1), 1).mul(t), [x]);
    checkGrads((t) => flatten(t), [x]);
  });
});
