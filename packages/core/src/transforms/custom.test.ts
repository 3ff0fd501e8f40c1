import { describe, expect, it } from 'vitest';
import {
  customVjp, customJvp, checkpoint, grad, jvp, vmap, jacrev, jacfwd, hessian, tensor, randn, Tensor,
  exp, log1p, sigmoid, tanh, sin, cos, mul, add, sub, sum, matmul, abs, slice, outer, transpose, sqrt, div, neg,
} from '../index';
import { checkGrads } from '../testing';
import { ReverseTrace, ReverseTracer, topoOrder } from '../engine/reverse';
import { withTrace } from '../engine/trace';

const r = (shape: number[], seed: number) => randn(shape, { seed });
const sig = (x: number) => 1 / (1 + Math.exp(-x));

function expectClose(a: Tensor, b: Tensor | number[], tol = 1e-12): void {
  const want = b instanceof Tensor ? b : tensor(b);
  expect(a.shape).toEqual(want.shape);
  a.data.forEach((v, i) => expect(Math.abs(v - want.data[i])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want.data[i]))));
}

// softplus log(1 + e^x): the naive derivative e^x / (1 + e^x) is NaN at x = 1000
const naiveSoftplus = (x: Tensor) => log1p(exp(x));

describe('customVjp', () => {
  let fwdCalls = 0;
  const softplus = customVjp(
    naiveSoftplus,
    (x) => {
      fwdCalls++;
      return [naiveSoftplus(x), sigmoid(x)];
    },
    (s: Tensor, ct) => [mul(ct, s)],
  );
  const xs = tensor([-2, 0.5, 1000]);

  it('its own gradient replaces the naive one (finite where autodiff of f gives NaN)', () => {
    expect(grad((x: Tensor) => sum(naiveSoftplus(x)))(xs).data[2]).toBeNaN();
    fwdCalls = 0;
    const g = grad((x: Tensor) => sum(softplus(x)))(xs);
    expectClose(g, [sig(-2), sig(0.5), 1]);
    expect(fwdCalls).toBe(1); // the residuals of the forward pass are reused
  });

  it('bwd is differentiable: second derivatives through grad of grad, jacrev of jacrev', () => {
    const x = tensor([-1.5, 0.3]);
    const d2 = grad((x: Tensor) => sum(grad((y: Tensor) => sum(softplus(y)))(x)))(x);
    expectClose(d2, [-1.5, 0.3].map((v) => sig(v) * (1 - sig(v))));
    const H = jacrev(jacrev((y: Tensor) => sum(softplus(y))))(x);
    expectClose(H, tensor([[sig(-1.5) * (1 - sig(-1.5)), 0], [0, sig(0.3) * (1 - sig(0.3))]]));
  });

  it('works under vmap (a batched custom primitive), jacrev and jvp', () => {
    const x = r([4, 3], 1);
    const per = vmap((row: Tensor) => grad((y: Tensor) => sum(softplus(mul(y, y))))(row))(x);
    const want = mul(mul(2, x), sigmoid(mul(x, x)));
    expectClose(per, want);
    const J = jacrev(softplus)(tensor([0.2, -0.7]));
    expectClose(J, tensor([[sig(0.2), 0], [0, sig(-0.7)]]));
    // forward mode differentiates f itself
    const x2 = tensor([-2, 0.5]);
    expectClose(jvp(softplus, [x2], [tensor([1, 3])])[1], [sig(-2), 3 * sig(0.5)]);
  });

  it('multiple arguments, checked by checkGrads in reverse mode', () => {
    const mulAdd = customVjp(
      (a, b) => add(mul(a, b), a),
      (a, b) => [add(mul(a, b), a), [a, b]],
      ([a, b]: Tensor[], ct) => [mul(ct, add(b, 1)), mul(ct, a)],
    );
    checkGrads(mulAdd, [r([2, 3], 1), r([2, 3], 2)], { modes: ['rev'] });
    const broken = customVjp(sin, (y: Tensor) => [sin(y), y], () => []);
    expect(() => broken('three' as unknown as Tensor)).toThrow(/found a string at \[0\]/);
    expect(() => grad((x: Tensor) => sum(broken(x)))(tensor([1]))).toThrow(/bwd must return one cotangent per argument, shaped like it\): at the top expected an array of 1 item, found an array of 0 items/);
  });

  it('takes pytree arguments (a layer\'s parameters); bwd returns cotangents shaped like them', () => {
    type P = { w: Tensor; b: Tensor };
    const layer = (p: P, x: Tensor) => tanh(add(matmul(p.w, x), p.b));
    const custom = customVjp(
      layer,
      (p: P, x: Tensor) => {
        const y = layer(p, x);
        return [y, { p, x, y }];
      },
      ({ p, x, y }: { p: P; x: Tensor; y: Tensor }, ct) => {
        const g = mul(ct, sub(1, mul(y, y)));
        return [{ w: outer(g, x), b: g }, matmul(transpose(p.w), g)];
      },
    );
    const p = { w: r([2, 3], 1), b: r([2], 2) };
    const x = r([3], 3);
    const loss = (l: typeof layer) => (p: P, x: Tensor) => sum(mul(l(p, x), tensor([1, -2])));
    const got = grad(loss(custom), { argnums: [0, 1] })(p, x);
    const want = grad(loss(layer), { argnums: [0, 1] })(p, x);
    expectClose(got[0].w, want[0].w);
    expectClose(got[0].b, want[0].b);
    expectClose(got[1], want[1]);
    checkGrads((w: Tensor, b: Tensor, x: Tensor) => custom({ w, b }, x), [p.w, p.b, x], { modes: ['rev'] });
    const xs = r([4, 3], 4);
    expectClose(vmap((xi: Tensor) => custom(p, xi))(xs), vmap((xi: Tensor) => layer(p, xi))(xs));
  });
});

describe('customVjp cotangent structure', () => {
  it("bwd's cotangents are matched to the arguments by key, not key order; a wrong structure is named", () => {
    type P = { a: Tensor; b: Tensor };
    const f = (p: P) => add(mul(p.a, 2), mul(p.b, 3));
    const byHand = (order: 'same' | 'swapped' | 'missing') => customVjp(f, (p: P) => [f(p), null as unknown as Tensor], (_: Tensor, ct: Tensor) => {
      const a = mul(ct, 2), b = mul(ct, 3);
      return [order === 'same' ? { a, b } : order === 'swapped' ? { b, a } : { a }];
    });
    const p = { a: tensor([1, 2]), b: tensor([3, 4]) };
    const loss = (g: (p: P) => Tensor) => (q: P) => sum(g(q));
    for (const order of ['same', 'swapped'] as const) {
      const got = grad(loss(byHand(order)))(p);
      expect([got.a.toArray(), got.b.toArray()]).toEqual([[2, 2], [3, 3]]);
    }
    expect(() => grad(loss(byHand('missing')))(p)).toThrow(/key 'b' is missing at \[0\]/);
  });
});

describe('customJvp', () => {
  const softplus = customJvp(naiveSoftplus, ([x], [t]) => [naiveSoftplus(x), mul(t, sigmoid(x))]);

  it('one rule serves jvp, grad (by transposition), jacfwd, jacrev and hessian', () => {
    const xs = tensor([-2, 0.5, 1000]);
    expectClose(jvp(softplus, [xs], [tensor([1, 2, 3])])[1], [sig(-2), 2 * sig(0.5), 3]);
    expectClose(grad((x: Tensor) => sum(softplus(x)))(xs), [sig(-2), sig(0.5), 1]);
    const x = tensor([0.1, -0.4]);
    expectClose(jacfwd(softplus)(x), jacrev(softplus)(x));
    const H = hessian((y: Tensor) => sum(softplus(y)))(x);
    expectClose(H, tensor([[sig(0.1) * (1 - sig(0.1)), 0], [0, sig(-0.4) * (1 - sig(-0.4))]]));
  });

  it('checkGrads to second order on a two-argument function, and vmap agrees with a loop', () => {
    const f = customJvp((a, b) => mul(sin(a), b), ([a, b], [ta, tb]) => [mul(sin(a), b), add(mul(mul(cos(a), b), ta), mul(sin(a), tb))]);
    checkGrads(f, [r([3], 1), r([2, 3], 2)]);
    const a = r([4, 3], 3), b = r([3], 4);
    const batched = vmap(f, { inAxes: [0, null] })(a, b);
    expectClose(batched, mul(sin(a), b));
    const g = vmap((ai: Tensor) => grad((y: Tensor) => sum(f(y, b)))(ai))(a);
    expectClose(g, mul(cos(a), b));
  });
});

describe('customJvp and checkpoint with pytree arguments', () => {
  it('customJvp receives the primals and tangents in the arguments\' structure', () => {
    const f = customJvp(
      (p: { a: Tensor; b: Tensor }) => mul(sin(p.a), p.b),
      ([p], [t]) => [mul(sin(p.a), p.b), add(mul(mul(cos(p.a), p.b), t.a), mul(sin(p.a), t.b))],
    );
    checkGrads((a: Tensor, b: Tensor) => f({ a, b }), [r([3], 1), r([3], 2)]);
  });

  it('checkpoint of a layer with a dict of parameters: same gradients, only the leaves saved', () => {
    type P = { w: Tensor; b: Tensor };
    const layer = (p: P, x: Tensor) => tanh(add(matmul(p.w, tanh(matmul(p.w, x))), p.b));
    const ck = checkpoint(layer);
    const p = { w: r([4, 4], 1), b: r([4], 2) };
    const x = r([4], 3);
    const g1 = grad((p: P) => sum(ck(p, x)))(p);
    const g2 = grad((p: P) => sum(layer(p, x)))(p);
    expectClose(g1.w, g2.w);
    expectClose(g1.b, g2.b);
    checkGrads((w: Tensor, b: Tensor, x: Tensor) => ck({ w, b }, x), [p.w, p.b, x]);
  });
});

describe('pytree results', () => {
  const W = r([3, 3], 21);
  // an LSTM-like cell returning two tensors of different shapes
  const cell = (x: Tensor, h: Tensor) => ({ h: tanh(add(matmul(W, x), h)), s: sum(mul(x, h)) });
  const x = r([3], 22), h = r([3], 23);

  it('checkpoint of a function returning a dict: same values and gradients, under grad, jacrev and vmap', () => {
    const ck = checkpoint(cell);
    const out = ck(x, h);
    expectClose(out.h, cell(x, h).h);
    expect(out.s.shape).toEqual([]);
    const loss = (c: typeof cell) => (x: Tensor, h: Tensor) => add(sum(mul(c(x, h).h, tensor([1, 2, 3]))), mul(c(x, h).s, 0.5));
    const g1 = grad(loss(ck), { argnums: [0, 1] })(x, h), g2 = grad(loss(cell), { argnums: [0, 1] })(x, h);
    expectClose(g1[0], g2[0]);
    expectClose(g1[1], g2[1]);
    checkGrads((x: Tensor, h: Tensor) => [ck(x, h).h, ck(x, h).s], [x, h]);
    expectClose(jacrev((x: Tensor) => ck(x, h).h)(x), jacrev((x: Tensor) => cell(x, h).h)(x));
    const xs = r([4, 3], 24);
    const batched = vmap((xi: Tensor) => ck(xi, h))(xs);
    expectClose(batched.h, vmap((xi: Tensor) => cell(xi, h).h)(xs));
    expectClose(batched.s, vmap((xi: Tensor) => cell(xi, h).s)(xs));
  });

  it('customVjp with a tuple result: bwd receives the cotangent in the same structure', () => {
    const polar = customVjp(
      (x: Tensor, y: Tensor) => [sqrt(add(mul(x, x), mul(y, y))), mul(x, y)] as [Tensor, Tensor],
      (x: Tensor, y: Tensor) => {
        const rr = sqrt(add(mul(x, x), mul(y, y)));
        return [[rr, mul(x, y)] as [Tensor, Tensor], { x, y, rr }];
      },
      ({ x, y, rr }: { x: Tensor; y: Tensor; rr: Tensor }, [cr, cp]: [Tensor, Tensor]) => [
        add(mul(cr, div(x, rr)), mul(cp, y)),
        add(mul(cr, div(y, rr)), mul(cp, x)),
      ],
    );
    const a = add(abs(r([2, 2], 25)), 0.5), b = r([2, 2], 26);
    checkGrads((a: Tensor, b: Tensor) => polar(a, b), [a, b], { modes: ['rev'] });
    const plain = (x: Tensor, y: Tensor) => [sqrt(add(mul(x, x), mul(y, y))), mul(x, y)];
    const perExample = (p: typeof plain) => vmap((ai: Tensor, bi: Tensor) => grad((u: Tensor) => sum(mul(p(u, bi)[0], p(u, bi)[1])))(ai))(a, b);
    expectClose(perExample(polar), perExample(plain));
  });

  it('customJvp with a tuple result (sin and cos together)', () => {
    const sincos = customJvp(
      (x: Tensor) => [sin(x), cos(x)] as [Tensor, Tensor],
      ([x], [t]) => [[sin(x), cos(x)], [mul(cos(x), t), mul(neg(sin(x)), t)]] as [[Tensor, Tensor], [Tensor, Tensor]],
    );
    checkGrads((x: Tensor) => sincos(x), [r([3], 27)]);
    const [s, c] = sincos(tensor([0.3, 1.1]));
    expectClose(s, sin(tensor([0.3, 1.1])));
    expectClose(c, cos(tensor([0.3, 1.1])));
  });

  it('customJvp with a dict result: the tangent is matched to the output by key, not key order', () => {
    type SC = { s: Tensor; c: Tensor };
    const sincos = customJvp(
      (x: Tensor): SC => ({ s: sin(x), c: cos(x) }),
      ([x], [t]): [SC, SC] => [{ s: sin(x), c: cos(x) }, { c: mul(neg(sin(x)), t), s: mul(cos(x), t) } as SC],
    );
    const x = tensor([0.3, 1.1]);
    const [, t] = jvp(sincos, [x], [tensor([1, 1])]);
    expectClose(t.s, cos(x));
    expectClose(t.c, neg(sin(x)));
    expectClose(grad((v: Tensor) => sum(sincos(v).s))(x), cos(x));
    expectClose(vmap((v: Tensor) => jvp(sincos, [v], [tensor([1, 1])])[1].c)(r([3, 2], 28)), neg(sin(r([3, 2], 28))));
    const broken = customJvp((v: Tensor): SC => ({ s: sin(v), c: cos(v) }), ([v], [u]): [SC, SC] => [{ s: sin(v), c: cos(v) }, { s: u } as SC]);
    expect(() => jvp(broken, [x], [x])).toThrow(/key 'c' is missing/);
  });
});

describe('checkpoint', () => {
  const W = r([16, 16], 5);
  const block = (x: Tensor) => tanh(matmul(W, tanh(matmul(W, tanh(matmul(W, x))))));

  it('same value and gradient as without it; f runs again in the backward pass', () => {
    let calls = 0;
    const counted = (x: Tensor) => (calls++, block(x));
    const ck = checkpoint(counted);
    const x = r([16], 6);
    expectClose(ck(x), block(x));
    calls = 0;
    const g = grad((x: Tensor) => sum(ck(x)))(x);
    expect(calls).toBe(2);
    expectClose(g, grad((x: Tensor) => sum(block(x)))(x));
    checkGrads(checkpoint((a: Tensor, b: Tensor) => mul(sin(a), abs(b))), [r([3], 1), r([2, 3], 2)]);
  });

  it('keeps only its inputs for the backward pass (saved bytes counted on the Node graph)', () => {
    const savedBytes = (f: (x: Tensor) => Tensor, x: Tensor) =>
      withTrace(new ReverseTrace(), (t) => {
        const y = f(t.leaf(x)) as ReverseTracer;
        const saved = new Set<Tensor>();
        for (const node of topoOrder([y.node!])) {
          node.saved.forEach((s) => s && saved.add(s));
          if (node.out) saved.add(node.out);
        }
        return [...saved].reduce((b, s) => b + s.nbytes, 0);
      });
    const x = r([16], 7);
    const plain = savedBytes(block, x);
    const ck = savedBytes(checkpoint(block), x);
    expect(ck).toBe(x.nbytes); // just the input: 128 bytes
    expect(plain).toBeGreaterThanOrEqual(5 * x.nbytes); // matmul inputs and tanh outputs of each layer
  });

  it('works under vmap and with jvp', () => {
    const ck = checkpoint(block);
    const xs = r([3, 16], 8);
    expectClose(vmap(ck)(xs), vmap(block)(xs));
    const v = r([16], 9);
    expectClose(jvp(ck, [slice(xs, [0])], [v])[1], jvp(block, [slice(xs, [0])], [v])[1]);
    expectClose(vmap((x: Tensor) => grad((y: Tensor) => sum(ck(y)))(x))(xs), vmap((x: Tensor) => grad((y: Tensor) => sum(block(y)))(x))(xs));
  });
});
