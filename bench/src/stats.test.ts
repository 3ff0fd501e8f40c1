import { describe, expect, it } from 'vitest';
import { gflops, median, ratio } from './stats';

describe('median', () => {
  it('takes the middle of an odd count and the mean of the two middles of an even count, in any order', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });
  it('is NaN for no values and leaves its input unsorted', () => {
    expect(median([])).toBeNaN();
    const xs = [3, 1, 2];
    median(xs);
    expect(xs).toEqual([3, 1, 2]);
  });
});

describe('gflops and ratio', () => {
  it('turns 2n³ operations in milliseconds into GFLOP/s', () => {
    expect(gflops(2 * 512 ** 3, 10)).toBeCloseTo((2 * 512 ** 3) / 0.01 / 1e9, 9);
  });
  it('divides jacobi by the peer and is undefined when either is missing or the peer is zero', () => {
    expect(ratio(3, 12)).toBe(0.25);
    expect(ratio(undefined, 2)).toBeUndefined();
    expect(ratio(2, undefined)).toBeUndefined();
    expect(ratio(2, 0)).toBeUndefined();
  });
});
