import { describe, it, expect } from 'vitest';
import * as data from './index';
import type { Tensor } from '../tensor';

const rows = (x: Tensor): number[][] => x.toArray() as number[][];
const labelsOf = (y: Tensor) => Array.from(y.data);

describe('synthetic datasets', () => {
  it('twoMoons: balanced classes, upper moon above the lower one, seeded', () => {
    const ds = data.twoMoons({ n: 301, noise: 0.05, seed: 3 });
    expect(ds.x.shape).toEqual([301, 2]);
    expect(ds.y.shape).toEqual([301]);
    const ys = labelsOf(ds.y);
    expect(ys.filter((v) => v === 0).length).toBe(151);
    expect(ys.filter((v) => v === 1).length).toBe(150);
    const meanY = (c: number) => {
      const pts = rows(ds.x).filter((_, i) => ys[i] === c);
      return pts.reduce((s, p) => s + p[1], 0) / pts.length;
    };
    expect(meanY(0)).toBeGreaterThan(0.4);
    expect(meanY(1)).toBeLessThan(0.1);
    // the upper moon is the unit half circle, up to the noise
    rows(ds.x).forEach((p, i) => {
      if (ys[i] === 0) expect(Math.abs(Math.hypot(p[0], p[1]) - 1)).toBeLessThan(0.3);
    });
    expect(data.twoMoons({ n: 301, noise: 0.05, seed: 3 }).x.toArray()).toEqual(ds.x.toArray());
    expect(data.twoMoons({ n: 301, noise: 0.05, seed: 4 }).x.toArray()).not.toEqual(ds.x.toArray());
  });

  it('spirals: one class per arm, radius within the unit disc', () => {
    const ds = data.spirals({ n: 300, classes: 3, noise: 0, seed: 1 });
    expect(ds.x.shape).toEqual([300, 2]);
    expect(new Set(labelsOf(ds.y))).toEqual(new Set([0, 1, 2]));
    rows(ds.x).forEach((p) => expect(Math.hypot(p[0], p[1])).toBeLessThanOrEqual(1 + 1e-12));
  });

  it('blobs: points cluster around one centre per class', () => {
    const ds = data.blobs({ n: 600, centers: 4, features: 3, noise: 0.5, seed: 2 });
    expect(ds.x.shape).toEqual([600, 3]);
    const ys = labelsOf(ds.y);
    for (let c = 0; c < 4; c++) {
      const pts = rows(ds.x).filter((_, i) => ys[i] === c);
      expect(pts.length).toBe(150);
      const centre = [0, 1, 2].map((k) => pts.reduce((s, p) => s + p[k], 0) / pts.length);
      const spread = Math.sqrt(pts.reduce((s, p) => s + p.reduce((t, v, k) => t + (v - centre[k]) ** 2, 0), 0) / (3 * pts.length));
      expect(spread).toBeGreaterThan(0.4);
      expect(spread).toBeLessThan(0.6);
    }
  });

  it('regression1d: targets follow the function up to the noise', () => {
    const fn = (x: number) => 2 * x - 1;
    const ds = data.regression1d({ n: 2000, noise: 0.1, seed: 5, fn, range: [0, 3] });
    expect(ds.x.shape).toEqual([2000, 1]);
    expect(ds.y.shape).toEqual([2000, 1]);
    const res = Array.from(ds.x.data, (x, i) => ds.y.data[i] - fn(x));
    const std = Math.sqrt(res.reduce((s, r) => s + r * r, 0) / res.length);
    expect(std).toBeGreaterThan(0.09);
    expect(std).toBeLessThan(0.11);
    expect(Math.min(...ds.x.data)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ds.x.data)).toBeLessThan(3);
  });

  it('rejects bad options clearly', () => {
    expect(() => data.twoMoons({ n: 1 })).toThrow(/twoMoons: n must be an integer >= 2/);
    expect(() => data.regression1d({ range: [1, 1] })).toThrow(/low < high/);
  });
});

describe('trainTestSplit and batches', () => {
  const ds = data.blobs({ n: 103, seed: 9 });
  const key = (x: Tensor, y: Tensor) => rows(x).map((r, i) => `${r.join(',')}|${y.data[i]}`);

  it('splits into disjoint parts that together are the dataset', () => {
    const { train, test } = data.trainTestSplit(ds, { testFraction: 0.2, seed: 1 });
    expect(test.x.shape[0]).toBe(21);
    expect(train.x.shape[0]).toBe(82);
    const all = new Set(key(ds.x, ds.y));
    const parts = [...key(train.x, train.y), ...key(test.x, test.y)];
    expect(new Set(parts)).toEqual(all);
    expect(parts.length).toBe(all.size);
    expect(() => data.trainTestSplit(ds, { testFraction: 1 })).toThrow(/testFraction must be in \(0, 1\)/);
  });

  it('batches visit every example once per pass, shuffled and seeded', () => {
    const bs = [...data.batches(ds, { batchSize: 25, seed: 4 })];
    expect(bs.map((b) => b.x.shape[0])).toEqual([25, 25, 25, 25, 3]);
    const seen = bs.flatMap((b) => key(b.x, b.y));
    expect(new Set(seen)).toEqual(new Set(key(ds.x, ds.y)));
    expect(seen).not.toEqual(key(ds.x, ds.y));
    expect([...data.batches(ds, { batchSize: 25, seed: 4 })].map((b) => b.x.toArray())).toEqual(bs.map((b) => b.x.toArray()));
    expect([...data.batches(ds, { batchSize: 25, dropLast: true })].length).toBe(4);
    expect([...data.batches(ds, { batchSize: 50, shuffle: false })][0].x.toArray()).toEqual(rows(ds.x).slice(0, 50));
  });

  it('names mismatched rows', () => {
    expect(() => [...data.batches({ x: ds.x, y: data.takeRows(ds.y, [0, 1, 2]) })]).toThrow(/same number of rows, got shapes \[103, 2\] and \[3\]/);
  });
});
