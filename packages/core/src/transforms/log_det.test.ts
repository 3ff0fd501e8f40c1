import { describe, expect, it } from 'vitest';
import {
  logAbsDetJacobian, jacfwd, slogdet, tensor, randn, Tensor, tanh, sigmoid, exp, mul, add, matmul, tril, vmap, grad,
  slice, sum, concat,
} from '../index';
import { checkGrads } from '../testing';

const r = (shape: number[], seed: number) => randn(shape, { seed });
const dense = (f: (x: Tensor) => Tensor, x: Tensor) => slogdet(jacfwd(f)(x)).logabsdet.item();

describe('logAbsDetJacobian', () => {
  const n = 5;
  const x = r([n], 1);
  const s = r([n], 2);
  const L = add(tril(r([n, n], 3), -1), tensor(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1.5 : 0)))));
  const A = add(r([n, n], 4), mul(3, tensor(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))))));
  // elementwise affine + nonlinearity: diagonal J
  const elementwise = (x: Tensor) => add(mul(exp(s), x), mul(0.3, tanh(x)));
  // autoregressive: y = x + 0.5 tanh(L x), J = I + 0.5 diag(1 - tanh²) L, lower triangular
  const triangular = (x: Tensor) => add(x, mul(0.5, tanh(matmul(L, x))));
  // a real coupling layer: the second half is scaled by a function of the first half
  const coupling = (x: Tensor) => {
    const a = slice(x, [[0, 2]]), b = slice(x, [[2, n]]);
    return concat([a, mul(b, exp(tanh(sum(a))))]);
  };
  const general = (x: Tensor) => tanh(matmul(A, x));

  it('matches the dense slogdet of the Jacobian for each structure', () => {
    expect(logAbsDetJacobian(elementwise, { structure: 'elementwise' })(x).item()).toBeCloseTo(dense(elementwise, x), 12);
    expect(logAbsDetJacobian(triangular, { structure: 'triangular' })(x).item()).toBeCloseTo(dense(triangular, x), 12);
    expect(logAbsDetJacobian(coupling, { structure: 'triangular' })(x).item()).toBeCloseTo(dense(coupling, x), 12);
    expect(logAbsDetJacobian(general, { structure: 'general' })(x).item()).toBeCloseTo(dense(general, x), 12);
    for (const f of [elementwise, triangular, coupling, general]) {
      expect(logAbsDetJacobian(f)(x).item()).toBeCloseTo(dense(f, x), 12);
    }
  });

  it('elementwise: log|det| is the sum of log|f_i\'(x_i)| by hand', () => {
    const want = Array.from(x.data).reduce((acc, xi, i) => acc + Math.log(Math.abs(Math.exp(s.data[i]) + 0.3 * (1 - Math.tanh(xi) ** 2))), 0);
    expect(logAbsDetJacobian(elementwise, { structure: 'elementwise' })(x).item()).toBeCloseTo(want, 12);
  });

  it('is differentiable with respect to x and to the parameters of f (checkGrads)', () => {
    for (const structure of ['elementwise', 'auto'] as const) {
      checkGrads((x: Tensor, s: Tensor) => logAbsDetJacobian((y) => add(mul(exp(s), y), mul(0.3, sigmoid(y))), { structure })(x), [x, s], { order: 1 });
    }
    checkGrads((x: Tensor, M: Tensor) => logAbsDetJacobian((y) => add(y, mul(0.5, tanh(matmul(tril(M), y)))), { structure: 'triangular' })(x), [x, L], { order: 1 });
    checkGrads((x: Tensor, M: Tensor) => logAbsDetJacobian((y) => tanh(matmul(M, y)), { structure: 'general' })(x), [x, A], { order: 1 });
  });

  it('trains like a flow: the gradient of log|det| with respect to the scales is 1 for an affine map', () => {
    const g = grad((s: Tensor) => logAbsDetJacobian((y: Tensor) => mul(exp(s), y), { structure: 'elementwise' })(x))(s);
    g.data.forEach((v: number) => expect(v).toBeCloseTo(1, 14));
  });

  it('works under vmap for a batch of points (auto falls back to the general method)', () => {
    const xs = r([3, n], 6);
    const got = vmap(logAbsDetJacobian(triangular))(xs);
    for (let i = 0; i < 3; i++) expect(got.data[i]).toBeCloseTo(dense(triangular, slice(xs, [i])), 12);
  });

  it('explains bad input', () => {
    expect(() => logAbsDetJacobian((y: Tensor) => slice(y, [[0, 2]]))(x)).toThrow(/same shape, got \[2\]/);
    expect(() => logAbsDetJacobian(tanh)(r([2, 2], 1))).toThrow(/vector \(1-D\), got shape \[2, 2\]/);
    expect(() => logAbsDetJacobian(tanh, { structure: 'banded' as 'general' })(x)).toThrow(/structure must be/);
  });

  it('costs what the structure allows: elementwise is ONE jvp (f runs once), never an n × n Jacobian', () => {
    const big = 2000; // a dense Jacobian would be 4 million entries
    const xs = r([big], 7), scales = r([big], 8);
    let calls = 0;
    const counted = (y: Tensor) => (calls++, add(mul(exp(scales), y), mul(0.3, tanh(y))));
    const want = Array.from(xs.data).reduce((acc, xi, i) => acc + Math.log(Math.abs(Math.exp(scales.data[i]) + 0.3 * (1 - Math.tanh(xi) ** 2))), 0);
    expect(logAbsDetJacobian(counted, { structure: 'elementwise' })(xs).item()).toBeCloseTo(want, 8);
    expect(calls).toBe(1);
    calls = 0;
    // 'auto' spends a second jvp to confirm the diagonal, and no more
    expect(logAbsDetJacobian(counted)(xs).item()).toBeCloseTo(want, 8);
    expect(calls).toBe(2);
    // a triangular map: two probing jvps, then one batched forward pass for J (f runs 2 + 2 times:
    // jacfwd's probe column and its batch), not n jvps
    calls = 0;
    const tri = (y: Tensor) => (calls++, triangular(y));
    logAbsDetJacobian(tri)(x);
    expect(calls).toBe(4);
  });
});