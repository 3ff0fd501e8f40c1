import { describe, expect, it } from 'vitest';
import {
  hessian, hvp, vhp, linearize, linearTranspose, jacfwd, jacrev, tensor, randn, Tensor,
  sin, cos, exp, tanh, mul, add, sum, matmul, slice, dot, logsumexp, transpose, backend, setBackend,
} from '../index';
import { checkGrads } from '../testing';

const r = (shape: number[], seed: number) => randn(shape, { seed });

function expectClose(a: Tensor, b: Tensor, tol = 1e-11): void {
  expect(a.shape).toEqual(b.shape);
  a.data.forEach((v, i) => expect(Math.abs(v - b.data[i])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b.data[i]))));
}

describe('hessian, hvp, vhp', () => {
  it('matches the hand-derived Hessian of x0^2 x1 + sin(x1 x2)', () => {
    const f = (x: Tensor) => {
      const [a, b, c] = [0, 1, 2].map((i) => slice(x, [i]));
      return add(mul(mul(a, a), b), sin(mul(b, c)));
    };
    const [a, b, c] = [0.4, -0.7, 1.3];
    const s = Math.sin(b * c), co = Math.cos(b * c);
    const want = tensor([
      [2 * b, 2 * a, 0],
      [2 * a, -c * c * s, co - b * c * s],
      [0, co - b * c * s, -b * b * s],
    ]);
    expectClose(hessian(f)(tensor([a, b, c])), want);
  });

  it('is symmetric, equals jacrev of jacrev, and hvp / vhp equal H·v without forming H', () => {
    const W = r([4, 5], 1);
    const f = (x: Tensor) => logsumexp(tanh(matmul(W, x)));
    const x = r([5], 2), v = r([5], 3);
    const H = hessian(f)(x);
    expect(H.shape).toEqual([5, 5]);
    expectClose(H, transpose(H));
    expectClose(H, jacrev(jacrev(f))(x));
    const Hv = matmul(H, v);
    expectClose(hvp(f, x, v), Hv);
    expectClose(vhp(f, x, v), Hv);
  });

  it('hvp and vhp never form H: no kernel result is larger than a vector (H would be n × n)', () => {
    const n = 400, W = r([3, n], 7);
    const f = (x: Tensor) => logsumexp(tanh(matmul(W, x)));
    const x = r([n], 8), v = r([n], 9);
    const kernels = backend();
    let largest = 0;
    const note = (out: { length: number }) => void (largest = Math.max(largest, out.length));
    setBackend({
      ...kernels,
      matmul: (...a: Parameters<typeof kernels.matmul>) => (note(a[7]), kernels.matmul(...a)),
      binary: (...a: Parameters<typeof kernels.binary>) => (note(a[a.length - 1] as { length: number }), kernels.binary(...a)),
    });
    let hv: Tensor, vh: Tensor;
    try {
      hv = hvp(f, x, v);
      vh = vhp(f, x, v);
    } finally {
      setBackend(kernels);
    }
    expect(largest).toBeLessThanOrEqual(3 * n); // the size of W, the largest thing f itself touches
    const Hv = matmul(hessian(f)(x), v);
    expectClose(hv, Hv, 1e-10);
    expectClose(vh, Hv, 1e-10);
  });

  it('pytree arguments: nested blocks, and hvp over a dict', () => {
    const f = (p: { a: Tensor; b: Tensor }) => sum(mul(exp(p.a), dot(p.b, p.b)));
    const p = { a: r([2], 1), b: r([3], 2) };
    const H = hessian(f)(p);
    expect(H.a.a.shape).toEqual([2, 2]);
    expect(H.a.b.shape).toEqual([2, 3]);
    expect(H.b.a.shape).toEqual([3, 2]);
    expectClose(H.a.b, transpose(H.b.a));
    const v = { a: r([2], 3), b: r([3], 4) };
    const hv = hvp(f, p, v);
    expectClose(hv.a, add(matmul(H.a.a, v.a), matmul(H.a.b, v.b)));
    expectClose(hv.b, add(matmul(H.b.a, v.a), matmul(H.b.b, v.b)));
  });

  it('argnums picks the argument; the other is held fixed', () => {
    const f = (x: Tensor, w: Tensor) => sum(mul(mul(x, x), mul(w, x)));
    const x = tensor([0.5, -1]), w = tensor([2, 3]);
    // d²/dx_i² of w_i x_i³ = 6 w_i x_i; d²/dw² = 0
    expectClose(hessian(f)(x, w), tensor([[6 * 2 * 0.5, 0], [0, 6 * 3 * -1]]));
    expectClose(hessian(f, { argnums: 1 })(x, w), tensor([[0, 0], [0, 0]]));
  });

  it('hvp is differentiable (third derivatives by checkGrads)', () => {
    const v = r([3], 5);
    checkGrads((x: Tensor) => hvp((y: Tensor) => sum(mul(sin(y), cos(y))), x, v), [r([3], 6)], { order: 1 });
  });
});

describe('linearize and linearTranspose', () => {
  it('linearize gives f(x) and J·t for many t without evaluating f again', () => {
    let calls = 0;
    const f = (x: Tensor, y: Tensor) => {
      calls++;
      return mul(sin(x), y);
    };
    const x = r([3], 1), y = r([3], 2);
    const [out, jvpFn] = linearize(f, x, y);
    expectClose(out, mul(sin(x), y));
    expect(calls).toBe(1);
    for (let s = 0; s < 3; s++) {
      const tx = r([3], 10 + s), ty = r([3], 20 + s);
      // J·t = cos(x) y tx + sin(x) ty
      expectClose(jvpFn(tx, ty), add(mul(mul(cos(x), y), tx), mul(sin(x), ty)));
    }
    expect(calls).toBe(1);
  });

  it('linearTranspose of a matrix product is the product with the transpose, for a non-square matrix', () => {
    const A = r([2, 4], 1);
    const L = (x: Tensor) => matmul(A, x);
    const LT = linearTranspose(L, r([4], 2));
    const ct = r([2], 3);
    const [back] = LT(ct);
    expectClose(back, matmul(transpose(A), ct));
    // <ct, L x> = <Lᵀ ct, x>
    const x = r([4], 4);
    expect(dot(ct, L(x)).item()).toBeCloseTo(dot(back, x).item(), 12);
  });

  it('the JVP function from linearize matches jacfwd columns', () => {
    const f = (x: Tensor) => tanh(mul(x, sum(x)));
    const x = r([4], 7);
    const [, jvpFn] = linearize(f, x);
    const J = jacfwd(f)(x);
    for (let i = 0; i < 4; i++) {
      const e = tensor([0, 1, 2, 3].map((j) => (j === i ? 1 : 0)));
      expectClose(jvpFn(e), slice(J, [null, i]));
    }
  });
});
