import { describe, expect, it } from 'vitest';
import {
  vmap, grad, jvp, tensor, randn, Tensor,
  neg, exp, log, log1p, sin, cos, tanh, sqrt, abs, sigmoid, relu, square,
  add, sub, mul, div, pow, maximum, minimum, where, gt,
  sum, mean, max, min, prod, logsumexp, softmax, reshape, expandDims, squeeze, flatten,
  transpose, moveaxis, broadcastTo, matmul, dot, outer, astype, slice, pad, concat, stack, take,
  det, inv, solve, slogdet, stopGradient, eq, ne, lt, le, ge, sign, step, clip, split, chunk, index, scatterAdd, ones,
  variance, logSoftmax, diagonal, diag, trace, tril, triu, norm,
} from '../index';
import { checkVmap } from '../testing';

const r = (shape: number[], seed: number) => randn(shape, { seed });
const pos = (shape: number[], seed: number) => add(abs(r(shape, seed)), 0.5);

describe('vmap agrees with a loop on every op family', () => {
  it('unary ops, batched along different axes', () => {
    const fns = [neg, exp, log1p, sin, cos, tanh, abs, sigmoid, relu, square];
    for (const f of fns) {
      checkVmap(f, [r([4, 3], 1)]);
      checkVmap(f, [r([3, 4], 2)], { inAxes: 1, outAxes: 1 });
    }
    checkVmap(log, [pos([5, 2], 3)]);
    checkVmap(sqrt, [pos([5, 2], 3)], { inAxes: -1 });
  });

  it('binary ops with one or both arguments mapped, and broadcasting', () => {
    const fns = [add, sub, mul, div, maximum, minimum, (a: Tensor, b: Tensor) => pow(abs(a), b)];
    for (const f of fns) {
      checkVmap(f, [r([4, 3], 1), r([4, 3], 2)]);
      checkVmap(f, [r([4, 3], 1), r([3], 2)], { inAxes: [0, null] });
      checkVmap(f, [r([2, 3], 1), r([3, 4], 2)], { inAxes: [null, 1] });
      checkVmap(f, [r([4, 2, 1], 1), r([3, 4], 2)], { inAxes: [0, 1] });
    }
    checkVmap((a, b) => where(gt(a, 0), a, b), [r([4, 3], 5), r([3], 6)], { inAxes: [0, null] });
  });

  it('reductions with axes and keepdims', () => {
    const x = r([4, 3, 5], 7);
    for (const f of [sum, mean, max, min, prod, logsumexp]) {
      checkVmap((t) => f(t), [x]);
      checkVmap((t) => f(t, 1), [x], { inAxes: 1 });
      checkVmap((t) => f(t, [0, 1], true), [x], { inAxes: 2, outAxes: 1 });
    }
    checkVmap((t) => softmax(t), [x], { inAxes: 1 });
  });

  it('shape ops: reshape, transpose, broadcast, slice, pad, concat, stack, take', () => {
    const x = r([4, 2, 3], 8);
    checkVmap((t) => reshape(t, [3, 2]), [x]);
    checkVmap((t) => flatten(t), [x], { inAxes: 2 });
    checkVmap((t) => expandDims(t, 1), [x]);
    checkVmap((t) => squeeze(expandDims(t, 0), 0), [x], { inAxes: 1 });
    checkVmap((t) => transpose(t), [x], { inAxes: 1 });
    checkVmap((t) => moveaxis(t, 0, 1), [x]);
    checkVmap((t) => broadcastTo(t, [5, 2, 3]), [x]);
    checkVmap((t) => slice(t, [[0, 1], [null, null, -1]]), [x], { inAxes: 2 });
    checkVmap((t) => pad(t, [[1, 0], [0, 2]]), [x]);
    checkVmap((a, b) => concat([a, b], 1), [x, r([2, 4], 9)], { inAxes: [0, null] });
    checkVmap((a, b) => stack([a, b], 0), [x, r([4, 2, 3], 10)]);
    checkVmap((t) => take(t, [2, 0, 0], 1), [x]);
    checkVmap((t) => astype(t, 'float32'), [x], { rtol: 1e-6 });
    checkVmap((t) => stopGradient(t), [x]);
  });

  it('matmul, dot, outer with vectors, matrices and batches', () => {
    checkVmap(matmul, [r([4, 2, 3], 1), r([4, 3, 5], 2)]);
    checkVmap(matmul, [r([2, 3], 1), r([4, 3], 2)], { inAxes: [null, 0] });
    checkVmap(matmul, [r([4, 3], 1), r([3, 5], 2)], { inAxes: [0, null] });
    checkVmap(matmul, [r([3, 4], 1), r([3], 2)], { inAxes: [1, null] });
    checkVmap(dot, [r([4, 3], 1), r([3, 4], 2)], { inAxes: [0, 1] });
    checkVmap(outer, [r([4, 3], 1), r([2], 2)], { inAxes: [0, null] });
    // one batched side against a plain matrix: the batch is folded into a single matrix product
    checkVmap(matmul, [r([2, 4, 3], 1), r([3, 5], 2)], { inAxes: [1, null] });
    checkVmap(matmul, [r([2, 3], 1), r([3, 4, 5], 2)], { inAxes: [null, 1] });
    checkVmap(matmul, [r([2, 3], 1), r([3, 5, 4], 2)], { inAxes: [null, 2], outAxes: 2 });
    checkVmap(matmul, [r([4, 2, 3], 1), r([3, 5], 2)], { inAxes: [0, null], outAxes: 1 });
  });

  it('comparisons, piecewise-constant ops, clip, split/chunk/index, gather/scatterAdd, composite reductions', () => {
    const x = r([4, 3, 2], 13), y = r([3, 2], 14);
    for (const f of [eq, ne, lt, le, gt, ge]) checkVmap(f, [x, y], { inAxes: [0, null] });
    checkVmap(sign, [x], { inAxes: 2 });
    checkVmap(step, [x]);
    checkVmap((t) => clip(t, -0.5, 0.5), [x], { inAxes: 1 });
    checkVmap((t) => split(t, [1], 0)[1], [x], { inAxes: 2 });
    checkVmap((t) => chunk(t, 2, 1)[0], [x]);
    checkVmap((t) => index(t, -1), [x], { inAxes: 1 });
    checkVmap((t) => scatterAdd(t, [0, 0, 2], ones([3, 2]), 0), [x], { inAxes: 1 });
    checkVmap((t) => variance(t, 0), [x], { inAxes: 2 });
    checkVmap((t) => logSoftmax(t, 0), [x]);
  });

  it('matrix helpers: diagonal, diag, trace, tril, triu, norm', () => {
    const m = r([4, 3, 3], 15);
    for (const f of [(t: Tensor) => diagonal(t), (t: Tensor) => diagonal(t, 1), trace, (t: Tensor) => tril(t), (t: Tensor) => triu(t, 1), (t: Tensor) => norm(t)]) {
      checkVmap(f, [m]);
      checkVmap(f, [m], { inAxes: 2 });
    }
    checkVmap(diag, [r([4, 3], 16)]);
    checkVmap((t) => norm(t, 0), [m], { inAxes: 1 });
  });

  it('linear algebra', () => {
    const a = add(r([4, 3, 3], 11), mul(3, tensor([[1, 0, 0], [0, 1, 0], [0, 0, 1]])));
    checkVmap(det, [a]);
    checkVmap(inv, [a], { rtol: 1e-9 });
    checkVmap((m) => slogdet(m).logabsdet, [a]);
    checkVmap(solve, [a, r([3], 12)], { inAxes: [0, null], rtol: 1e-9 });
    checkVmap(solve, [a, r([3, 4], 12)], { inAxes: [0, 1], rtol: 1e-9 });
  });
});

describe('vmap semantics', () => {
  it('maps nested pytrees with per-leaf axes and returns trees', () => {
    const params = { w: r([3, 2], 1), b: r([5, 2], 2) };
    const xs = r([3, 5], 3);
    const f = (p: { w: Tensor; b: Tensor }, x: Tensor) => ({ y: add(matmul(x, p.w), p.b), s: [sum(x)] });
    const out = vmap(f, { inAxes: [{ w: null, b: 0 }, 1], outAxes: { y: 1, s: [0] } })(params, xs);
    expect(out.y.shape).toEqual([2, 5]);
    expect(out.s[0].shape).toEqual([5]);
    for (let i = 0; i < 5; i++) {
      const want = add(matmul(slice(xs, [null, i]), params.w), slice(params.b, [i]));
      expect(Array.from(slice(out.y, [null, i]).data)).toEqual(Array.from(want.data));
      expect(out.s[0].data[i]).toBeCloseTo(sum(slice(xs, [null, i])).item(), 12);
    }
  });

  it('repeats an output that does not depend on the batch; outAxes null keeps it once', () => {
    const c = tensor([1, 2]);
    expect(vmap((x: Tensor) => c)(r([3, 4], 1)).toArray()).toEqual([[1, 2], [1, 2], [1, 2]]);
    expect(vmap((x: Tensor) => [mul(x, 2), c], { outAxes: [0, null] })(r([3], 1))[1].toArray()).toEqual([1, 2]);
    expect(vmap(() => c, { inAxes: [], axisSize: 2 })().shape).toEqual([2, 2]);
  });

  it('gives clear errors', () => {
    expect(() => vmap(add)(r([3, 2], 1), r([4, 2], 2))).toThrow(/different sizes.*\[3, 2\] has 3.*\[4, 2\] has 4/);
    expect(() => vmap(add, { inAxes: [0] })(r([3], 1), r([3], 2))).toThrow(/inAxes has 1 entries but f was called with 2/);
    expect(() => vmap(neg, { inAxes: 2 })(r([3, 2], 1))).toThrow(/axis 2 is out of range for rank 2/);
    expect(() => vmap(neg, { inAxes: null })(r([3], 1))).toThrow(/axisSize/);
    expect(() => vmap((x: Tensor) => x, { outAxes: null })(r([3], 1))).toThrow(/varies across the batch/);
    expect(() => vmap((x: Tensor) => x.item())(r([3], 1))).toThrow(/inside vmap/);
    expect(() => vmap((p: any) => p.a, { inAxes: [{ a: 0, b: 0 }] })({ a: r([2], 1) })).toThrow(/keys \{a, b\}.*keys \{a\}/);
  });

  it('nests: vmap of vmap computes a batched outer product', () => {
    const a = r([3], 1), b = r([4], 2);
    const got = vmap((x: Tensor) => vmap((y: Tensor) => mul(x, y))(b))(a);
    expect(got.shape).toEqual([3, 4]);
    const want = outer(a, b);
    got.data.forEach((v, i) => expect(v).toBeCloseTo(want.data[i], 14));
    const inner1 = vmap((x: Tensor) => vmap((y: Tensor) => mul(x, y), { outAxes: 0 })(b), { outAxes: 1 })(a);
    expect(inner1.shape).toEqual([4, 3]);
  });

  it('vmap of grad gives per-example gradients; grad of vmap the gradient of the batch sum', () => {
    const w = r([3], 1);
    const xs = r([5, 3], 2);
    const loss = (w: Tensor, x: Tensor) => tanh(dot(w, x));
    const perExample = vmap((x: Tensor) => grad(loss)(w, x))(xs);
    expect(perExample.shape).toEqual([5, 3]);
    for (let i = 0; i < 5; i++) {
      const g = grad(loss)(w, slice(xs, [i]));
      (g as Tensor).data.forEach((v: number, j: number) => expect(perExample.data[i * 3 + j]).toBeCloseTo(v, 14));
    }
    const total = grad((w: Tensor) => sum(vmap((x: Tensor) => loss(w, x))(xs)))(w);
    const summed = sum(perExample, 0);
    summed.data.forEach((v, j) => expect(total.data[j]).toBeCloseTo(v, 13));
  });

  it('vmap of jvp pushes a batch of tangents in one pass', () => {
    const x = r([3], 1);
    const f = (x: Tensor) => sin(mul(x, x));
    const ts = r([4, 3], 2);
    const got = vmap((t: Tensor) => jvp(f, [x], [t])[1])(ts);
    for (let i = 0; i < 4; i++) {
      const want = jvp(f, [x], [slice(ts, [i])])[1];
      want.data.forEach((v, j) => expect(got.data[i * 3 + j]).toBeCloseTo(v, 14));
    }
  });
});
