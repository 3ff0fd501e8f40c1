import { describe, expect, it } from 'vitest';
import { randn } from '../index';
import { fitCotangent } from './fit';
import { debugHooks } from './trace';

/** The ops `run` applies to concrete tensors, by name. */
function opsOf(run: () => void): string[] {
  const names: string[] = [];
  debugHooks.afterImpl = (prim) => void names.push(prim.name);
  try {
    run();
  } finally {
    debugHooks.afterImpl = null;
  }
  return names;
}

describe('fitCotangent', () => {
  const g = randn([4, 2, 3], { seed: 1 });

  it('sums broadcast leading axes straight to the input shape: one op (the bias gradient)', () => {
    let fitted = g;
    expect(opsOf(() => (fitted = fitCotangent(g, [3], 'float64', 'add')))).toEqual(['sum']);
    expect(fitted.shape).toEqual([3]);
    fitted.data.forEach((v, j) => expect(v).toBeCloseTo([0, 1, 2, 3, 4, 5, 6, 7].reduce((s, k) => s + g.data[k * 3 + j], 0), 12));
  });

  it('keeps the unit axes of an input that broadcast in place, and casts to its dtype', () => {
    let fitted = g;
    expect(opsOf(() => (fitted = fitCotangent(g, [2, 1], 'float32', 'mul')))).toEqual(['sum', 'reshape', 'astype']);
    expect(fitted.shape).toEqual([2, 1]);
    expect(fitted.dtype).toBe('float32');
    expect(() => fitCotangent(g, [5], 'float64', 'mul')).toThrow(/mul: its VJP rule returned shape \[4, 2, 3\] for an input of shape \[5\]/);
  });
});
