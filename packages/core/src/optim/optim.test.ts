import { describe, it, expect } from 'vitest';
import * as optim from './index';
import { tensor, Tensor } from '../tensor';
import { randn } from '../random';
import { grad } from '../transforms/autodiff';
import { sub, mul } from '../ops/binary';
import { sum } from '../ops/reduce';

const values = (t: Tensor) => Array.from(t.data);

/** Adam from its definition, on plain numbers, for comparison. */
function referenceAdam(p: number[], grads: number[][], lr: number, [b1, b2]: [number, number], eps: number, wd: number, decoupled: boolean): number[] {
  let x = p.slice();
  const m = p.map(() => 0);
  const v = p.map(() => 0);
  grads.forEach((g, k) => {
    const t = k + 1;
    x = x.map((xi, i) => {
      const gi = decoupled ? g[i] : g[i] + wd * xi;
      m[i] = b1 * m[i] + (1 - b1) * gi;
      v[i] = b2 * v[i] + (1 - b2) * gi * gi;
      const mh = m[i] / (1 - b1 ** t);
      const vh = v[i] / (1 - b2 ** t);
      return xi - (decoupled ? lr * wd * xi : 0) - (lr * mh) / (Math.sqrt(vh) + eps);
    });
  });
  return x;
}

describe('optimizers', () => {
  const p0 = { w: tensor([[1, -2], [0.5, 3]]), b: [tensor([0.1, -0.4])] };
  const g1 = { w: tensor([[0.2, -1], [4, 0]]), b: [tensor([-0.3, 2])] };
  const g2 = { w: tensor([[1, 1], [-2, 0.5]]), b: [tensor([0.7, -0.1])] };

  it('SGD: p − lr·g, keeping the structure', () => {
    const next = optim.SGD({ lr: 0.1 }).step(p0, g1);
    expect(Object.keys(next)).toEqual(['w', 'b']);
    values(next.w).forEach((v, i) => expect(v).toBeCloseTo(p0.w.data[i] - 0.1 * g1.w.data[i], 15));
    values(next.b[0]).forEach((v, i) => expect(v).toBeCloseTo(p0.b[0].data[i] - 0.1 * g1.b[0].data[i], 15));
    expect(p0.w.data[0]).toBe(1); // the old parameters are untouched
  });

  it('SGD with momentum: v ← μv + g, p ← p − lr·v', () => {
    const opt = optim.SGD({ lr: 0.1, momentum: 0.9 });
    const p2 = opt.step(opt.step(p0, g1), g2);
    values(p2.w).forEach((v, i) => {
      const v1 = g1.w.data[i];
      const v2 = 0.9 * v1 + g2.w.data[i];
      expect(v).toBeCloseTo(p0.w.data[i] - 0.1 * v1 - 0.1 * v2, 14);
    });
    expect(opt.steps).toBe(2);
  });

  it('Adam and AdamW follow their definitions over several steps', () => {
    for (const [make, decoupled, wd] of [[optim.Adam, false, 0.05], [optim.AdamW, true, 0.05], [optim.Adam, false, 0]] as const) {
      const opt = make({ lr: 0.01, betas: [0.8, 0.99], eps: 1e-8, weightDecay: wd });
      const p = opt.step(opt.step(opt.step(p0, g1), g2), g1);
      const want = referenceAdam(values(p0.w), [g1, g2, g1].map((g) => values(g.w)), 0.01, [0.8, 0.99], 1e-8, wd, decoupled);
      values(p.w).forEach((v, i) => expect(v).toBeCloseTo(want[i], 14));
    }
  });

  it('Adam minimises a quadratic', () => {
    const target = randn([3, 2], { seed: 1 });
    const loss = (x: Tensor) => sum(mul(sub(x, target), sub(x, target)));
    const opt = optim.Adam({ lr: 0.05 });
    let x = randn([3, 2], { seed: 2 });
    for (let i = 0; i < 500; i++) x = opt.step(x, grad(loss)(x));
    expect(loss(x).item()).toBeLessThan(1e-6);
  });

  it('pairs each gradient with its parameter by key, whatever the key order', () => {
    const a = optim.SGD({ lr: 0.5 }).step(p0, g1);
    const b = optim.SGD({ lr: 0.5 }).step(p0, { b: g1.b, w: g1.w });
    expect(b.w.toArray()).toEqual(a.w.toArray());
    expect(b.b[0].toArray()).toEqual(a.b[0].toArray());
  });

  it('names structure and option mistakes', () => {
    const opt = optim.Adam();
    expect(() => opt.step(p0, { w: g1.w, b: [] } as any)).toThrow(/Adam.step \(grads must match the params\): at \.b expected an array of 1 item, found an array of 0 items/);
    expect(() => opt.step(p0, { w: g1.w } as any)).toThrow(/key 'b' is missing/);
    expect(() => opt.step(p0, { w: tensor([1, 2]), b: g1.b })).toThrow(/parameter 0 has shape \[2, 2\] but its gradient has shape \[2\]/);
    opt.step(p0, g1);
    expect(() => opt.step({ w: p0.w }, { w: g1.w })).toThrow(/changed structure.*reset/);
    opt.reset();
    expect(() => opt.step({ w: p0.w }, { w: g1.w })).not.toThrow();
    expect(() => optim.SGD({ lr: -1 })).toThrow(/lr must be a positive number, got -1/);
    expect(() => optim.SGD({ lr: 0.1, momentum: 1 })).toThrow(/momentum must be in \[0, 1\)/);
  });
});
