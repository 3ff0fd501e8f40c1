import { describe, expect, it } from 'vitest';
import { planChain, jacrev, randn, Tensor, tanh, sin, matmul, mul, sum, reshape, exp } from '../index';

const r = (shape: number[], seed: number) => randn(shape, { seed });
const linear = (W: Tensor, name: string) => Object.defineProperty((x: Tensor) => matmul(W, x), 'name', { value: name });

function expectClose(a: Tensor, b: Tensor, tol = 1e-11): void {
  expect(a.shape).toEqual(b.shape);
  a.data.forEach((v, i) => expect(Math.abs(v - b.data[i])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b.data[i]))));
}

const compose = (fns: ((x: Tensor) => Tensor)[]) => (x: Tensor) => fns.reduce((v, f) => f(v), x);

describe('planChain', () => {
  it('textbook matrix chain A(10×30) B(30×5) C(5×60): reverse order is optimal, 4,500 vs 27,000', () => {
    const C = linear(r([5, 60], 1), 'C'), B = linear(r([30, 5], 2), 'B'), A = linear(r([10, 30], 3), 'A');
    const plan = planChain([C, B, A], r([60], 4));
    const e = plan.explain();
    expect(e.links.map((l) => [l.name, l.rows, l.cols, l.diagonal])).toEqual([['C', 5, 60, false], ['B', 30, 5, false], ['A', 10, 30, false]]);
    expect(e.forward.multiplyAdds).toBe(30 * 5 * 60 + 10 * 30 * 60);
    expect(e.reverse.multiplyAdds).toBe(10 * 30 * 5 + 10 * 5 * 60);
    expect(e.optimal.multiplyAdds).toBe(4500);
    expect(e.optimal.parenthesization).toBe('(A · B) · C');
    expect(e.forward.parenthesization).toBe('A · (B · C)');
    // peaks by hand: reverse holds A, B, AB (300 + 150 + 50), then AB, C, ABC (50 + 300 + 600)
    expect(e.reverse.peakElements).toBe(950);
    expect(e.forward.peakElements).toBe(1800 + 300 + 600);
    expect(e.optimal.peakBytes).toBe(950 * 8);
    expectClose(plan.jacobian(), jacrev(compose([C, B, A]))(r([60], 4)));
  });

  it('finds an order that is neither forward nor reverse (meet in the middle through a bottleneck)', () => {
    // widths 20 -> 50 -> 2 -> 50 -> 20: both sweeps cost 24,000; (J4 J3)(J2 J1) costs 4,800
    const fs = [linear(r([50, 20], 1), 'f1'), linear(r([2, 50], 2), 'f2'), linear(r([50, 2], 3), 'f3'), linear(r([20, 50], 4), 'f4')];
    const x = r([20], 5);
    const plan = planChain(fs, x);
    const e = plan.explain();
    expect(e.forward.multiplyAdds).toBe(2 * 50 * 20 + 50 * 2 * 20 + 20 * 50 * 20);
    expect(e.reverse.multiplyAdds).toBe(20 * 50 * 2 + 20 * 2 * 50 + 20 * 50 * 20);
    expect(e.optimal.multiplyAdds).toBe(20 * 50 * 2 + 2 * 50 * 20 + 20 * 2 * 20);
    expect(e.optimal.parenthesization).toBe('(f4 · f3) · (f2 · f1)');
    const t = e.optimal.tree;
    expect(t.kind === 'product' && [t.first, t.last, t.rows, t.cols, t.multiplyAdds]).toEqual([0, 3, 20, 20, 800]);
    const want = jacrev(compose(fs))(x);
    for (const order of ['optimal', 'forward', 'reverse'] as const) expectClose(plan.jacobian(order), want);
  });

  it('detects elementwise links as diagonal and prices them O(n)', () => {
    const n = 30;
    const W = r([n, n], 1), v = r([1, n], 2);
    const fs = [linear(W, 'W'), tanh, (x: Tensor) => mul(exp(x), 2), linear(v, 'v')];
    const x = r([n], 3);
    const plan = planChain(fs, x);
    const e = plan.explain();
    expect(e.links.map((l) => l.diagonal)).toEqual([false, true, true, false]);
    expect(e.links.map((l) => l.name)).toEqual(['W', 'f2', 'f3', 'v']); // unnamed functions get their position
    // reverse: v·D2 (n), ·D1 (n), ·W (n²)
    expect(e.reverse.multiplyAdds).toBe(n + n + n * n);
    // forward: D1·W (n²), D2·(D1 W) (n²), v·(…) (n²)
    expect(e.forward.multiplyAdds).toBe(3 * n * n);
    expect(e.optimal.multiplyAdds).toBe(n + n + n * n);
    expectClose(plan.jacobian(), jacrev(compose(fs))(x));
    expectClose(plan.jacobian('forward'), jacrev(compose(fs))(x));
  });

  it('a chain of elementwise maps stays diagonal; tensor shapes are kept in the result', () => {
    const x = r([3, 4], 1);
    const plan = planChain([sin, tanh, (y: Tensor) => reshape(y, [12]), (y: Tensor) => matmul(r([2, 12], 2), y)], x);
    const e = plan.explain();
    expect(e.links.map((l) => l.diagonal)).toEqual([true, true, false, false]);
    expect(e.outShape).toEqual([2]);
    expect(plan.jacobian().shape).toEqual([2, 3, 4]);
    expectClose(plan.jacobian(), jacrev(compose([sin, tanh, (y: Tensor) => reshape(y, [12]), (y: Tensor) => matmul(r([2, 12], 2), y)]))(x));
    expectClose(planChain([sin, tanh], r([5], 3)).jacobian(), jacrev((y: Tensor) => tanh(sin(y)))(r([5], 3)));
  });

  it('explain() is plain data that survives JSON', () => {
    const plan = planChain([tanh, (x: Tensor) => sum(x)], r([4], 1), { names: ['act', 'total'] });
    const e = plan.explain();
    expect(JSON.parse(JSON.stringify(e))).toEqual(e);
    expect(e.links.map((l) => l.name)).toEqual(['act', 'total']);
    expect(plan.output.shape).toEqual([]);
  });

  it('explains bad input', () => {
    expect(() => planChain([], r([2], 1))).toThrow(/non-empty array of functions/);
    expect(() => planChain([(x: Tensor) => 3 as unknown as Tensor], r([2], 1))).toThrow(/link 0 .* must return a Tensor/);
  });

  it('the dynamic programme finds the minimum over every parenthesization (brute force), diagonal links included', () => {
    type Factor = { rows: number; cols: number; diagonal: boolean };
    // Multiply-adds of left·right, a diagonal factor scaling the other's rows or columns.
    const cost = (a: Factor, b: Factor) => (a.diagonal && b.diagonal ? a.rows : a.diagonal ? b.rows * b.cols : b.diagonal ? a.rows * a.cols : a.rows * a.cols * b.cols);
    // The cheapest product of links i..j (in application order) by trying every split, recursively.
    const brute = (fs: Factor[], i: number, j: number): [number, Factor] => {
      if (i === j) return [0, fs[i]];
      let best = Infinity, shape = fs[i];
      for (let s = i; s < j; s++) {
        const [cr, right] = brute(fs, i, s), [cl, left] = brute(fs, s + 1, j);
        const c = cr + cl + cost(left, right);
        if (c < best) [best, shape] = [c, { rows: left.rows, cols: right.cols, diagonal: left.diagonal && right.diagonal }];
      }
      return [best, shape];
    };
    const chains = [
      [20, 50, 2, 50, 20], // bottleneck in the middle
      [7, 31, 4, 4, 26, 3, 40, 12], // the 4 -> 4 link is elementwise below
      [3, 9, 40, 40, 2, 17], // 40 -> 40 elementwise
      [12, 12, 6, 12, 12, 5],
    ];
    let strictlyBetter = 0;
    chains.forEach((widths, c) => {
      const fs = widths.slice(1).map((w, i) => (w === widths[i] && c > 0 ? tanh : linear(r([w, widths[i]], 10 * c + i), `L${i}`)));
      const x = r([widths[0]], 100 + c);
      const plan = planChain(fs, x);
      const e = plan.explain();
      const factors = e.links.map((l) => ({ rows: l.rows, cols: l.cols, diagonal: l.diagonal }));
      const [want] = brute(factors, 0, factors.length - 1);
      expect(e.optimal.multiplyAdds).toBe(want);
      expect(e.optimal.multiplyAdds).toBeLessThanOrEqual(Math.min(e.forward.multiplyAdds, e.reverse.multiplyAdds));
      if (e.optimal.multiplyAdds < Math.min(e.forward.multiplyAdds, e.reverse.multiplyAdds)) strictlyBetter++;
      // the reported tree costs what it claims
      const treeCost = (t: typeof e.optimal.tree): number => (t.kind === 'link' ? 0 : t.multiplyAdds + treeCost(t.left) + treeCost(t.right));
      expect(treeCost(e.optimal.tree)).toBe(want);
      expectClose(plan.jacobian(), jacrev(compose(fs))(x));
    });
    expect(strictlyBetter).toBeGreaterThanOrEqual(2);
  });
});
// Found by properties/malformed.test.ts: an unknown order crashed with "Cannot read properties of undefined".
describe('ChainPlan.jacobian', () => {
  it('refuses an unknown order, naming it', () => {
    const plan = planChain([(x: Tensor) => mul(x, 2)], r([3], 1));
    expect(() => plan.jacobian('sideways' as never)).toThrow(/^ChainPlan.jacobian: order must be .* got "sideways"/);
  });
});
