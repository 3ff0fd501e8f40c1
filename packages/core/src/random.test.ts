import { describe, expect, it } from 'vitest';
import { rand, randn, uniform, manualSeed, Generator, permutation } from './index';

describe('seeded random tensors', () => {
  it('the same seed gives the same numbers; another seed does not', () => {
    expect(randn([5], { seed: 42 }).toArray()).toEqual(randn([5], { seed: 42 }).toArray());
    expect(randn([5], { seed: 42 }).toArray()).not.toEqual(randn([5], { seed: 43 }).toArray());
    manualSeed(7);
    const a = rand([3]).toArray();
    manualSeed(7);
    expect(rand([3]).toArray()).toEqual(a);
  });

  it('a generator gives a reproducible stream', () => {
    const g1 = new Generator(1), g2 = new Generator(1);
    const a = [rand([2], { generator: g1 }), rand([2], { generator: g1 })].map((t) => t.toArray());
    const b = [rand([2], { generator: g2 }), rand([2], { generator: g2 })].map((t) => t.toArray());
    expect(a).toEqual(b);
    expect(a[0]).not.toEqual(a[1]);
  });

  it('has the right distributions', () => {
    const n = 100_000;
    const u = rand([n], { seed: 3 }).data;
    let lo = Infinity, hi = -Infinity, m = 0;
    for (const v of u) { lo = Math.min(lo, v); hi = Math.max(hi, v); m += v / n; }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    expect(m).toBeCloseTo(0.5, 2);
    const z = randn([n], { seed: 4 }).data;
    let mean = 0, sq = 0;
    for (const v of z) { mean += v / n; sq += (v * v) / n; }
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.sqrt(sq - mean * mean)).toBeCloseTo(1, 1);
    const w = uniform([1000], -2, -1, { seed: 5 }).data;
    expect(Math.min(...w)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...w)).toBeLessThan(-1);
    expect(randn([2], { seed: 1, dtype: 'float32' }).dtype).toBe('float32');
  });

  it('permutation is a shuffle of 0..n-1', () => {
    const p = permutation(10, { seed: 0 });
    expect([...p].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(p).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(permutation(0)).toEqual([]);
  });

  it('refuses bad arguments with a message naming the function', () => {
    expect(() => permutation(-1)).toThrow(/permutation: n must be a non-negative integer, got -1/);
    expect(() => permutation(2.5)).toThrow(/permutation: n must be a non-negative integer, got 2.5/);
    expect(() => uniform([2], 0, NaN)).toThrow(/uniform: low and high must be finite numbers, got 0 and NaN/);
    expect(() => manualSeed(NaN)).toThrow(/seed must be a finite number, got NaN/);
  });
});
