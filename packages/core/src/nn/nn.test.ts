import { describe, it, expect } from 'vitest';
import * as nn from './index';
import { tensor, Tensor } from '../tensor';
import { randn } from '../random';
import { grad } from '../transforms/autodiff';
import { treeFlatten } from '../transforms/tree';
import { checkGrads } from '../testing';

const rowsTimes = (x: Tensor, w: Tensor, b: Tensor): number[][] => {
  const [n, k] = x.shape;
  const m = w.shape[1];
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: m }, (_, j) => {
      let s = b.data[j];
      for (let t = 0; t < k; t++) s += x.data[i * k + t] * w.data[t * m + j];
      return s;
    }),
  );
};

describe('nn.Linear', () => {
  it('computes x·W + b with W of shape [in, out]', () => {
    const layer = nn.Linear(3, 4);
    const p = layer.init({ seed: 1 });
    expect(p.weight.shape).toEqual([3, 4]);
    expect(p.bias!.shape).toEqual([4]);
    const x = randn([5, 3], { seed: 2 });
    const y = layer.apply({ weight: p.weight, bias: randn([4], { seed: 3 }) }, x);
    const want = rowsTimes(x, p.weight, randn([4], { seed: 3 }));
    (y.toArray() as number[][]).forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(want[i][j], 12)));
  });

  it('is seeded: same seed, same weights; different seed, different weights', () => {
    const layer = nn.Linear(4, 3);
    expect(layer.init({ seed: 7 }).weight.toArray()).toEqual(layer.init({ seed: 7 }).weight.toArray());
    expect(layer.init({ seed: 7 }).weight.toArray()).not.toEqual(layer.init({ seed: 8 }).weight.toArray());
  });

  it('Glorot and He initializers respect their bounds and scale', () => {
    const [fanIn, fanOut] = [200, 100];
    const glorot = nn.Linear(fanIn, fanOut).init({ seed: 0 }).weight.data;
    const he = nn.Linear(fanIn, fanOut, { init: 'heNormal' }).init({ seed: 0 }).weight.data;
    const a = Math.sqrt(6 / (fanIn + fanOut));
    expect(Math.max(...glorot.map(Math.abs))).toBeLessThanOrEqual(a);
    const std = (d: ArrayLike<number>) => Math.sqrt(Array.from(d).reduce((s, v) => s + v * v, 0) / d.length);
    expect(std(glorot)).toBeCloseTo(a / Math.sqrt(3), 2);
    expect(std(he)).toBeCloseTo(Math.sqrt(2 / fanIn), 2);
  });

  it('names the layer and the expected feature count when the input is wrong', () => {
    const layer = nn.Linear(3, 2);
    expect(() => layer.apply(layer.init(), randn([4, 5]))).toThrow(/nn\.Linear\(3 → 2\).*\[4, 5\].*3 features/);
    expect(() => nn.Linear(0, 2)).toThrow(/inFeatures/);
    expect(() => layer.apply(layer.init(), [[1, 2, 3]] as any)).toThrow(/^nn\.Linear\(3 → 2\): expected a Tensor for the input, got an array/);
    expect(() => layer.apply({} as any, randn([4, 3]))).toThrow(/^nn\.Linear\(3 → 2\): expected a Tensor for params\.weight, got undefined/);
    expect(() => layer.apply({ weight: randn([3, 2]) } as any, randn([4, 3]))).toThrow(/expected a Tensor for params\.bias/);
    expect(() => nn.Linear(2, 2, { init: 'nope' as any })).toThrow(/unknown initializer 'nope'/);
  });

  it('can omit the bias', () => {
    const layer = nn.Linear(2, 2, { bias: false });
    const p = layer.init();
    expect(Object.keys(p)).toEqual(['weight']);
    expect(layer.apply(p, tensor([[1, 0]])).toArray()).toEqual([Array.from(p.weight.data.slice(0, 2))]);
  });
});

describe('nn.MLP and nn.Sequential', () => {
  it('MLP parameters are named by their path', () => {
    const params = nn.MLP([2, 8, 8, 3]).init({ seed: 0 });
    expect(nn.namedParameters(params).map(([n, t]) => `${n}:${t.shape}`)).toEqual([
      'layers.0.weight:2,8', 'layers.0.bias:8', 'layers.1.weight:8,8', 'layers.1.bias:8', 'layers.2.weight:8,3', 'layers.2.bias:3',
    ]);
    expect(nn.parameterCount(params)).toBe(2 * 8 + 8 + 8 * 8 + 8 + 8 * 3 + 3);
  });

  it('Sequential names parameters by layer index, like PyTorch', () => {
    const model = nn.Sequential([nn.Linear(2, 4), nn.Tanh(), nn.Linear(4, 1)]);
    const params = model.init({ seed: 3 });
    expect(nn.namedParameters(params).map(([n]) => n)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    const x = randn([5, 2], { seed: 4 });
    const [l0, , l2] = params as any[];
    const h = rowsTimes(x, l0.weight, l0.bias).map((r) => r.map(Math.tanh));
    const want = rowsTimes(tensor(h), l2.weight, l2.bias);
    (model.apply(params, x).toArray() as number[][]).forEach((r, i) => expect(r[0]).toBeCloseTo(want[i][0], 12));
  });

  it('MLP equals the same layers applied by hand, and grad gives gradients shaped like the params', () => {
    const model = nn.MLP([3, 5, 2], { activation: 'tanh' });
    const params = model.init({ seed: 5 });
    const x = randn([4, 3], { seed: 6 });
    const [a, b] = params.layers;
    const manual = nn.Linear(5, 2).apply(b, nn.tanh(nn.Linear(3, 5).apply(a, x)));
    expect(model.apply(params, x).toArray()).toEqual(manual.toArray());
    const g = grad((p: typeof params) => nn.mseLoss(model.apply(p, x), randn([4, 2], { seed: 7 })))(params);
    expect(treeFlatten(g)[0].map((t) => t.shape)).toEqual(treeFlatten(params)[0].map((t) => t.shape));
  });

  it('MLP gradients pass checkGrads (weights, biases and input)', () => {
    const model = nn.MLP([3, 4, 2], { activation: 'tanh' });
    const f = (w0: Tensor, b0: Tensor, w1: Tensor, b1: Tensor, x: Tensor) =>
      model.apply({ layers: [{ weight: w0, bias: b0 }, { weight: w1, bias: b1 }] }, x);
    const p = model.init({ seed: 1 }).layers;
    checkGrads(f, [p[0].weight, randn([4], { seed: 2 }), p[1].weight, randn([2], { seed: 3 }), randn([5, 3], { seed: 4 })]);
  });

  it('rejects bad sizes and activations clearly', () => {
    expect(() => nn.MLP([3])).toThrow(/at least \[in, out\]/);
    expect(() => nn.MLP([3, 2], { activation: 'swish' as any })).toThrow(/unknown activation 'swish'/);
    expect(() => nn.Sequential([])).toThrow(/non-empty/);
  });
});

describe('activations', () => {
  const x = tensor([-3, -1.2, -0.3, 0.4, 1.1, 2.5]);
  it('gelu and softplus match their formulas', () => {
    const c = Math.sqrt(2 / Math.PI);
    nn.gelu(x).data.forEach((v, i) => {
      const t = x.data[i];
      expect(v).toBeCloseTo(0.5 * t * (1 + Math.tanh(c * (t + 0.044715 * t ** 3))), 12);
    });
    nn.softplus(x).data.forEach((v, i) => expect(v).toBeCloseTo(Math.log(1 + Math.exp(x.data[i])), 12));
    expect(nn.leakyRelu(x, 0.1).toArray()).toEqual(Array.from(x.data, (t) => (t > 0 ? t : 0.1 * t)));
  });

  it('softplus stays finite for huge inputs', () => {
    expect(nn.softplus(tensor([1000, -1000])).toArray()).toEqual([1000, 0]);
    expect(grad((t: Tensor) => nn.softplus(t).sum())(tensor([1000, -1000])).toArray()).toEqual([1, 0]);
  });

  it('derivatives pass checkGrads', () => {
    checkGrads(nn.gelu, [x]);
    checkGrads(nn.softplus, [x]);
    checkGrads((t) => nn.leakyRelu(t, 0.2), [x], { order: 1 });
  });
});
