import { describe, expect, it } from 'vitest';
import { jacobianPayload, tensorPayload } from '@jacobi/viz';
import { HeatmapData, unravel } from './matrix';

describe('HeatmapData', () => {
  it('shows rank 0, 1 and 2 tensors as one plane', () => {
    expect(HeatmapData.fromTensor(tensorPayload([7], [])).plane()).toMatchObject({ rows: 1, cols: 1 });
    const row = HeatmapData.fromTensor(tensorPayload([1, 2, 3], [3])).plane();
    expect([row.rows, row.cols, [...row.values]]).toEqual([1, 3, [1, 2, 3]]);
    const m = HeatmapData.fromTensor(tensorPayload([1, 2, 3, 4, 5, 6], [2, 3])).plane();
    expect([m.rows, m.cols, [...m.values]]).toEqual([2, 3, [1, 2, 3, 4, 5, 6]]);
  });

  it('knows its plane shape before decoding, and decodes the values once', () => {
    const payload = tensorPayload([1, 2, 3, 4, 5, 6], [2, 3]);
    const data = HeatmapData.fromTensor({ ...payload, values: { ...payload.values, data: '!not base64!' } });
    // a view is laid out from the shape alone: nothing is decoded until values are asked for
    expect(data.planeShape).toEqual({ rows: 2, cols: 3 });
    expect(() => data.values).toThrow();
    const ok = HeatmapData.fromTensor(payload);
    expect(ok.values).toBe(ok.values);
    expect([...ok.values]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('slices the leading axes of an n-d tensor', () => {
    const values = Array.from({ length: 2 * 3 * 2 * 2 }, (_, i) => i);
    const data = HeatmapData.fromTensor(tensorPayload(values, [2, 3, 2, 2]));
    expect(data.sliceAxes).toEqual([0, 1]);
    // element [1, 2, r, c] is at ((1 * 3 + 2) * 2 + r) * 2 + c
    expect([...data.plane([1, 2]).values]).toEqual([20, 21, 22, 23]);
    expect(() => data.plane([2, 0])).toThrow(/slice index 2 out of range for axis 0 of size 2/);
    expect(() => data.plane([0])).toThrow(/expected 2 slice indices for shape \[2, 3, 2, 2\], got 1/);
  });

  it('describes a cell with its original indices, as a range where downsampled', () => {
    const n = 300;
    const values = Array.from({ length: n * 2 }, (_, i) => i);
    const data = HeatmapData.fromTensor(tensorPayload(values, [2, n], { maxDisplay: 200 }));
    expect(data.step[1]).toBeGreaterThan(1);
    const step = data.step[1];
    const about = data.describe([], 1, 3);
    expect(about.exact).toBe(false);
    expect(about.index).toBe(`[1, ${3 * step}:${Math.min(4 * step, n)}]`);
    expect(HeatmapData.fromTensor(tensorPayload([1, 2, 3, 4], [2, 2])).describe([], 1, 0)).toEqual({ index: '[1, 0]', exact: true });
  });

  it('names a Jacobian cell by output and input, unflattening their shapes', () => {
    const values = Array.from({ length: 2 * 6 }, (_, i) => i);
    const named = HeatmapData.fromJacobian(jacobianPayload(values, [2], [2, 3], { functionName: 'f', inputName: 'W', outputNames: ['p', 'q'] }));
    expect(named.describe([], 1, 4)).toMatchObject({ index: '[1, 4]', output: 'q', input: 'W[1, 1]' });
    expect(named.plane().values[1 * 6 + 4]).toBe(10);
  });

  it('unravels row-major indices', () => {
    expect(unravel(0, [2, 3])).toEqual([0, 0]);
    expect(unravel(5, [2, 3])).toEqual([1, 2]);
    expect(unravel(23, [2, 3, 4])).toEqual([1, 2, 3]);
    expect(unravel(0, [])).toEqual([]);
  });
});
