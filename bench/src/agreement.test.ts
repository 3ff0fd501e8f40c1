import { describe, expect, it } from 'vitest';
import { deviation, disagreement, sampleIndices, summarize, TOLERANCE } from './agreement';

describe('sampleIndices', () => {
  it('picks first, second, thirds, middle and last, without repeats or out-of-range positions', () => {
    expect(sampleIndices(9)).toEqual([0, 1, 3, 4, 6, 8]);
    expect(sampleIndices(1)).toEqual([0]);
    expect(sampleIndices(2)).toEqual([0, 1]);
  });
});

describe('summarize', () => {
  it('keeps the sampled entries and the mean absolute value of each named output', () => {
    const [g] = summarize(['C'], [Float64Array.from([1, -2, 3, -4])]);
    expect(g).toEqual({ name: 'C', size: 4, samples: [1, -2, 3, -4], meanAbs: 2.5 });
  });
  it('names the mismatch when the outputs and their names differ in number', () => {
    expect(() => summarize(['loss', 'dW'], [[1]])).toThrow(/expected 2 outputs \(loss, dW\), got 1/);
  });
});

describe('disagreement', () => {
  const values = Array.from({ length: 30 }, (_, i) => Math.sin(i) * 10);
  const reference = summarize(['J'], [values]);

  it('accepts the same numbers rounded to float32', () => {
    expect(disagreement(reference, summarize(['J'], [Float32Array.from(values)]), 'float32')).toBeNull();
    expect(deviation(reference, summarize(['J'], [Float32Array.from(values)])).relative).toBeGreaterThan(0);
  });
  it('rejects a float64 result off by more than its tolerance, naming the output, entry and both values', () => {
    const off = values.slice();
    off[15] += 10 * 10 * TOLERANCE.float64 * 2;
    const message = disagreement(reference, summarize(['J'], [off]), 'float64');
    expect(message).toMatch(/^J entry 15: /);
    expect(message).toContain(`vs jacobi ${values[15]}`);
  });
  it('rejects a result whose mean absolute value differs although the sampled entries match', () => {
    const off = values.map((v, i) => (i === 7 ? v + 100 : v));
    expect(disagreement(reference, summarize(['J'], [off]), 'float32')).toMatch(/^J mean \|x\|/);
  });
  it('rejects NaN, a missing output and a wrong size', () => {
    const nan = values.map((v, i) => (i === 0 ? NaN : v));
    expect(disagreement(reference, summarize(['J'], [nan]), 'float32')).toMatch(/J entry 0: NaN/);
    expect(disagreement(reference, summarize(['K'], [values]), 'float32')).toMatch(/J: missing/);
    expect(disagreement(reference, summarize(['J'], [values.slice(1)]), 'float32')).toMatch(/J: 29 elements, jacobi has 30/);
  });
});
