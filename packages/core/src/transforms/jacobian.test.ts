import { describe, expect, it } from 'vitest';
import {
  jacfwd, jacrev, jacobian, tensor, randn, Tensor, sin, cos, exp, tanh, mul, add, sum, matmul,
  slice, stack, astype, vjp, jvp, dot, reshape, vmap, hessian, customVjp, backend, setBackend,
} from '../index';
import { checkVmap } from '../testing';

const r = (shape: number[], seed: number) => randn(shape, { seed });

function expectClose(a: Tensor, b: Tensor | number[][] | number[], tol = 1e-12): void {
  const want = b instanceof Tensor ? b : tensor(b as number[][]);
  expect(a.shape).toEqual(want.shape);
  a.data.forEach((v, i) => expect(Math.abs(v - want.data[i])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want.data[i]))));
}

// f: R^3 -> R^2, f(x) = [x0 x1 x2, sin(x0) + x1^2]; J = [[x1 x2, x0 x2, x0 x1], [cos x0, 2 x1, 0]]
const f32 = (x: Tensor) => {
  const [a, b, c] = [0, 1, 2].map((i) => slice(x, [i]));
  return stack([mul(mul(a, b), c), add(sin(a), mul(b, b))]);
};
const J32 = ([a, b, c]: number[]) => [[b * c, a * c, a * b], [Math.cos(a), 2 * b, 0]];

// g: R^2 -> R^3, g(x) = [x0 x1, exp(x0), x1^3]; J = [[x1, x0], [exp x0, 0], [0, 3 x1^2]]
const g23 = (x: Tensor) => {
  const [a, b] = [0, 1].map((i) => slice(x, [i]));
  return stack([mul(a, b), exp(a), mul(mul(b, b), b)]);
};
const J23 = ([a, b]: number[]) => [[b, a], [Math.exp(a), 0], [0, 3 * b * b]];

describe('jacfwd / jacrev / jacobian', () => {
  const x3 = tensor([0.3, -1.2, 2.0]);
  const x2 = tensor([0.7, -0.4]);

  it('R^3 -> R^2 and R^2 -> R^3 match the hand-derived Jacobians in every mode (shape [out, in])', () => {
    for (const mode of ['fwd', 'rev', 'auto'] as const) {
      expectClose(jacobian(f32, { mode })(x3), J32([0.3, -1.2, 2.0]));
      expectClose(jacobian(g23, { mode })(x2), J23([0.7, -0.4]));
    }
    expectClose(jacfwd(f32)(x3), J32([0.3, -1.2, 2.0]));
    expectClose(jacrev(g23)(x2), J23([0.7, -0.4]));
  });

  it('jacfwd equals jacrev on tensors of any rank, and every chunk size gives the same answer', () => {
    const W = r([2, 3, 4], 1);
    const f = (x: Tensor) => tanh(matmul(W, x)); // [4, 2] -> [2, 3, 2]
    const x = r([4, 2], 2);
    const Jf = jacfwd(f)(x);
    const Jr = jacrev(f)(x);
    expect(Jf.shape).toEqual([2, 3, 2, 4, 2]);
    expectClose(Jr, Jf);
    for (const chunkSize of [1, 3, 7, 100]) {
      expectClose(jacrev(f, { chunkSize })(x), Jf);
      expectClose(jacfwd(f, { chunkSize })(x), Jf);
    }
  });

  it('each row of jacrev is a vjp and each column of jacfwd a jvp', () => {
    const x = r([4], 3);
    const h = (x: Tensor) => mul(sin(x), sum(x));
    const J = jacrev(h)(x);
    const [, pb] = vjp(h, x);
    for (let i = 0; i < 4; i++) {
      const u = tensor([0, 1, 2, 3].map((j) => (j === i ? 1 : 0)));
      expectClose(slice(J, [i]), pb(u)[0]);
      expectClose(slice(jacfwd(h)(x), [null, i]), jvp(h, [x], [u])[1]);
    }
  });

  it('chain rule: J(g∘h) = J_g · J_h for non-square links', () => {
    const x = tensor([0.2, 0.5]);
    const composed = jacrev((x: Tensor) => f32(g23(x)))(x); // R^2 -> R^3 -> R^2
    const product = matmul(jacfwd(f32)(g23(x)), jacrev(g23)(x));
    expectClose(composed, product);
  });

  it('pytrees: several argnums and dict outputs nest as output-of-input', () => {
    const f = (a: Tensor, b: Tensor, c: Tensor) => ({ p: mul(a, dot(b, b)), q: sum(mul(a, c)) });
    const a = r([2], 1), b = r([3], 2), c = r([2], 3);
    const J = jacrev(f, { argnums: [0, 1] })(a, b, c);
    const Jf = jacfwd(f, { argnums: [0, 1] })(a, b, c);
    expect(J.p[0].shape).toEqual([2, 2]);
    expect(J.p[1].shape).toEqual([2, 3]);
    expect(J.q[0].shape).toEqual([2]);
    expect(J.q[1].shape).toEqual([3]);
    // dp/db = a ⊗ 2b, dq/da = c
    expectClose(J.p[1], tensor([0, 1].map((i) => [0, 1, 2].map((j) => a.data[i] * 2 * b.data[j]))));
    expectClose(J.q[0], c);
    expectClose(J.q[1], tensor([0, 0, 0]));
    for (const k of ['p', 'q'] as const) for (const i of [0, 1]) expectClose(Jf[k][i], J[k][i]);
    const Jd = jacobian((d: { u: Tensor; v: Tensor }) => mul(d.u, sum(d.v)))({ u: a, v: b });
    expect(Jd.u.shape).toEqual([2, 2]);
    expect(Jd.v.shape).toEqual([2, 3]);
  });

  it('float32 in, float32 out, close to the float64 answer', () => {
    const x = astype(x3, 'float32');
    for (const jac of [jacfwd(f32), jacrev(f32)]) {
      const J = jac(x);
      expect(J.dtype).toBe('float32');
      expectClose(J, J32([0.3, -1.2, 2.0]).map((row) => row.map((v) => Math.fround(v))), 1e-6);
    }
  });

  it('the Jacobian is itself differentiable (jacrev of jacfwd)', () => {
    const x = r([3], 4);
    const f = (x: Tensor) => mul(sin(x), cos(sum(x)));
    const d2a = jacrev(jacfwd(f))(x);
    const d2b = jacfwd(jacrev(f))(x);
    expect(d2a.shape).toEqual([3, 3, 3]);
    expectClose(d2a, d2b, 1e-11);
  });

  it('refuses a Jacobian over maxBytes, stating the bytes and suggesting vjp/jvp', () => {
    const x = r([1000], 1);
    expect(() => jacrev((x: Tensor) => sin(x), { maxBytes: 1e6 })(x)).toThrow(/1000 × 1000 = 1000000 entries \(float64\), 8000000 bytes \(7\.6 MiB\).*maxBytes = 1000000.*vjp.*jvp/);
    expect(() => jacfwd((x: Tensor) => sin(x), { maxBytes: 1e6 })(x)).toThrow(/8000000 bytes/);
    expect(() => jacrev(sin, { chunkSize: 0 })(x)).toThrow(/chunkSize must be a positive integer/);
    expect(() => jacrev(sin, { argnums: 1 })(x)).toThrow(/argnums 1 is out of range/);
    expect(() => jacobian(sin, { mode: 'sideways' as 'fwd' })(x)).toThrow(/mode must be/);
  });

  it('composes with vmap: per-example Jacobians and Hessians equal a loop; jacrev of vmap is block-diagonal', () => {
    const W = r([3, 4], 1);
    const f = (x: Tensor) => tanh(matmul(W, x));
    const xs = r([5, 4], 2);
    checkVmap(jacrev(f), [xs]);
    checkVmap(jacfwd(f), [xs]);
    checkVmap(jacrev(f, { chunkSize: 2 }), [xs]);
    checkVmap(hessian((x: Tensor) => sum(sin(mul(x, sum(x))))), [xs]);
    const Jb = jacrev(vmap(f))(xs);
    expect(Jb.shape).toEqual([5, 3, 5, 4]);
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < 5; j++) {
        const block = slice(Jb, [i, null, j]);
        if (i === j) expectClose(block, jacrev(f)(slice(xs, [i])));
        else expect(Array.from(block.data).every((v) => v === 0)).toBe(true);
      }
    }
  });

  it("'auto' uses reverse mode when outputs are fewer than inputs, forward mode otherwise", () => {
    // A custom VJP that doubles the true derivative tells which mode ran: reverse mode uses it,
    // forward mode differentiates the function itself.
    const doubledVjp = customVjp((x) => mul(x, 3), (x) => [mul(x, 3), []], (_: Tensor[], ct) => [mul(ct, 6)]);
    const wide = (x: Tensor) => sum(doubledVjp(x)); // R^3 -> R
    const tall = (x: Tensor) => doubledVjp(stack([x, x, x])); // R -> R^3
    expectClose(jacobian(wide)(tensor([1, 2, 3])), tensor([6, 6, 6]));
    expectClose(jacobian(tall)(tensor(1)), tensor([3, 3, 3]));
    expectClose(jacrev(tall)(tensor(1)), tensor([6, 6, 6]));
  });

  it('an output that does not depend on the input has a zero Jacobian of the right shape', () => {
    const c = tensor([[1, 2], [3, 4]]);
    for (const jac of [jacfwd, jacrev]) {
      const J = jac((x: Tensor, k: Tensor) => mul(k, 2), { argnums: 0 })(tensor([1, 2, 3]), c);
      expect(J.shape).toEqual([2, 2, 3]);
      expect(Array.from(J.data).every((v) => v === 0)).toBe(true);
    }
  });

  it('scalar in and out, and a reshaped output', () => {
    const s = tensor(0.5);
    expectClose(jacrev((t: Tensor) => mul(t, t))(s), tensor(1.0));
    expect(jacfwd((t: Tensor) => reshape(stack([t, t, t, t]), [2, 2]))(s).shape).toEqual([2, 2]);
  });
});

describe('batched, not looped', () => {
  /** Runs `run` with the backend's matmul spied on; returns the element count of each matmul's result, in order. */
  function matmulOutputs(run: () => void): number[] {
    const kernels = backend();
    const sizes: number[] = [];
    setBackend({ ...kernels, matmul: (...a: Parameters<typeof kernels.matmul>) => (sizes.push(a[7].length), kernels.matmul(...a)) });
    try {
      run();
    } finally {
      setBackend(kernels);
    }
    return sizes;
  }
  // f(x) = tanh(W x): one matmul in the forward pass; its VJP is one matmul with W, batched over cotangents.
  const W = r([5, 3], 1), x = r([3], 2);
  const f = (v: Tensor) => tanh(matmul(W, v));
  const J = jacfwd(f)(x);

  it('jacrev: one forward matmul, then ONE backward matmul over all m = 5 cotangent rows (a loop would run 5)', () => {
    let got: Tensor | undefined;
    expect(matmulOutputs(() => (got = jacrev(f)(x)))).toEqual([5, 5 * 3]);
    expectClose(got!, J);
  });

  it('jacrev chunkSize bounds the batch: rows go back 2, 2, 1 at a time', () => {
    let got: Tensor | undefined;
    expect(matmulOutputs(() => (got = jacrev(f, { chunkSize: 2 })(x)))).toEqual([5, 2 * 3, 2 * 3, 1 * 3]);
    expectClose(got!, J);
  });

  it('jacfwd: tangents go forward in one batch after a one-column probe of the output size; chunkSize bounds it', () => {
    const V = r([3, 7], 3), y = r([7], 4);
    const g = (v: Tensor) => tanh(matmul(V, v)); // n = 7 inputs
    // each pass: the primal matmul (3 entries), then the tangents' (3 per column). Unchunked, the
    // probe column is not joined to the batch (that would copy the whole Jacobian): all 7 go at once.
    expect(matmulOutputs(() => jacfwd(g)(y))).toEqual([3, 3 * 1, 3, 3 * 7]);
    expect(matmulOutputs(() => jacfwd(g, { chunkSize: 3 })(y))).toEqual([3, 3 * 1, 3, 3 * 3, 3, 3 * 3]);
    expectClose(jacfwd(g, { chunkSize: 3 })(y), jacrev(g)(y));
  });

  it("'auto' in forward mode reuses the recorded pass for the output size: one batched jvp, no probe", () => {
    expect(matmulOutputs(() => jacobian(f)(x))).toEqual([5, 5, 5 * 3]);
    expectClose(jacobian(f)(x), J);
    expect(() => jacobian(f, { maxBytes: 100 })(x)).toThrow(/5 × 3 = 15 entries \(float64\), 120 bytes.*vjp.*jvp/);
  });
});
