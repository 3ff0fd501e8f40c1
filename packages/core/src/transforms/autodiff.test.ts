import { describe, expect, it } from 'vitest';
import {
  tensor, grad, valueAndGrad, vjp, jvp, sum, mul, add, sin, cos, exp, tanh, matmul, randn,
  stopGradient, ones, Tensor, slice, sub,
} from '../index';
import { checkGrads } from '../testing';
import type { Primitive } from '../engine/primitive';

const close = (a: Tensor | number, b: number[] | number, digits = 10) => {
  const got = typeof a === 'number' ? [a] : (Array.from(a.data) as number[]);
  const want = typeof b === 'number' ? [b] : b;
  expect(got.length).toBe(want.length);
  got.forEach((v, i) => expect(v).toBeCloseTo(want[i], digits));
};

describe('grad', () => {
  it('differentiates a scalar function of a vector', () => {
    const g = grad((x: Tensor) => sum(mul(x, x)))(tensor([1, -2, 3]));
    close(g, [2, -4, 6]);
  });

  it('takes argnums (one or several) and keeps pytree structure', () => {
    const f = (a: Tensor, b: Tensor) => sum(mul(a, b));
    const a = tensor([1, 2]), b = tensor([3, 4]);
    close(grad(f, { argnums: 1 })(a, b), [1, 2]);
    const [ga, gb] = grad(f, { argnums: [0, 1] })(a, b);
    close(ga, [3, 4]);
    close(gb, [1, 2]);
    const params = { w: tensor([2, 3]), layers: [tensor(4)] };
    const gp = grad((p: typeof params) => sum(mul(p.w, p.layers[0])))(params);
    close(gp.w, [4, 4]);
    close(gp.layers[0], 5);
  });

  it('passes aux through with hasAux, and valueAndGrad gives the value', () => {
    const f = (x: Tensor) => [sum(exp(x)), { note: x.mul(2) }] as const;
    const [g, aux] = grad(f as any, { hasAux: true })(tensor([0, 1]));
    close(g, [1, Math.E]);
    close(aux.note, [0, 2]);
    const [v, g2] = valueAndGrad((x: Tensor) => sum(sin(x)))(tensor([0.5]));
    close(v, Math.sin(0.5));
    close(g2, [Math.cos(0.5)]);
  });

  it('gives zeros for an input the output does not depend on', () => {
    close(grad((_x: Tensor) => tensor(3))(tensor([1, 2])), [0, 0]);
  });

  it('refuses a non-scalar output and points to vjp and jacobian', () => {
    expect(() => grad((x: Tensor) => x.mul(2))(tensor([1, 2, 3]))).toThrow(/scalar.*shape \[3\].*vjp.*jacobian/);
  });

  it('names a bad argnums', () => {
    expect(() => grad((x: Tensor) => x.sum(), { argnums: 2 })(tensor([1]))).toThrow(/argnums 2 is out of range for 1 argument/);
  });

  it('refuses inputs that are not tensors, naming where they are', () => {
    expect(() => grad((p: any) => p.w.sum())({ w: tensor([1]), name: 'x' })).toThrow(/grad \(argument 0\): found a string at \.name/);
  });
});

describe('higher order and nesting', () => {
  it('grad of grad of sin is -sin, and the third derivative is -cos', () => {
    const x = tensor(0.7);
    const d1 = grad((x: Tensor) => sin(x));
    const d2 = grad((x: Tensor) => d1(x));
    const d3 = grad((x: Tensor) => d2(x));
    close(d2(x), -Math.sin(0.7));
    close(d3(x), -Math.cos(0.7));
  });

  it('jvp of grad and grad of jvp agree with the Hessian-vector product', () => {
    // f(x) = sum(x0^2 x1, sin x2); H v computed two ways
    const f = (x: Tensor) => add(mul(mul(x, x).sum(), 0.5), sum(sin(x)));
    const x = tensor([0.3, -1.2, 2]);
    const v = tensor([1, 2, -1]);
    const [, hv] = jvp((x: Tensor) => grad(f)(x), [x], [v]);
    // H = I - diag(sin x): H v = v - sin(x) * v
    const want = [0, 1, 2].map((i) => v.data[i] - Math.sin(x.data[i]) * v.data[i]);
    close(hv, want);
    const gjvp = grad((x: Tensor) => sum(mul(jvp(f, [x], [v])[1], 1)))(x);
    close(gjvp, want);
  });

  it('has no perturbation confusion: d/dx [x · d/dy (x + y)] = 1', () => {
    const f = (x: Tensor) => mul(x, grad((y: Tensor) => add(x, y))(tensor(1)));
    close(grad(f)(tensor(2)), 1);
  });

  it('has no perturbation confusion when the inner derivative closes over the outer variable', () => {
    // d/dx [x · d/dy (x y)] at x = 3 is d/dx x² = 6
    const f = (x: Tensor) => mul(x, grad((y: Tensor) => mul(x, y))(tensor(5)));
    close(grad(f)(tensor(3)), 6);
    // the same in forward mode
    const fj = (x: Tensor) => mul(x, jvp((y: Tensor) => mul(x, y), [tensor(5)], [tensor(1)])[1]);
    close(jvp(fj, [tensor(3)], [tensor(1)])[1], 6);
  });

  it('has no perturbation confusion across modes: jvp over grad and grad over jvp, on non-square shapes', () => {
    // f(x) = x · d/dy (x y) at y = 5 is x², so f' = 2x; inner reverse / outer forward, and the reverse
    const gInside = (x: Tensor) => mul(x, grad((y: Tensor) => mul(x, y))(tensor(5)));
    close(jvp(gInside, [tensor(3)], [tensor(1)])[1], 6);
    const jInside = (x: Tensor) => mul(x, jvp((y: Tensor) => mul(x, y), [tensor(5)], [tensor(1)])[1]);
    close(grad(jInside)(tensor(3)), 6);
    // vectors: F(x) = sum(x ⊙ ∇_y sum(tanh(W y) ⊙ (A x))) at y0; both nestings equal finite differences of F
    const W = randn([2, 3], { seed: 1 }), A = randn([2, 4], { seed: 2 }), y0 = randn([3], { seed: 3 });
    const F = (x: Tensor) => {
      const inner = grad((y: Tensor) => sum(mul(tanh(matmul(W, y)), matmul(A, x))))(y0); // [3]
      return sum(mul(slice(x, [[0, 3]]), inner));
    };
    const x = randn([4], { seed: 4 }), v = randn([4], { seed: 5 });
    const fd = (sum(F(add(x, mul(v, 1e-6)))).item() - sum(F(sub(x, mul(v, 1e-6)))).item()) / 2e-6;
    expect(jvp(F, [x], [v])[1].item()).toBeCloseTo(fd, 6);
    expect(sum(mul(grad(F)(x), v)).item()).toBeCloseTo(fd, 6);
  });
});

describe('vjp and jvp', () => {
  const W = tensor([[1, 2, 3], [4, 5, 6]]); // R^3 -> R^2: a non-square Jacobian

  it('vjp pulls back a cotangent through a non-square map: uᵀ W', () => {
    const [y, pb] = vjp((x: Tensor) => matmul(W, x), tensor([1, 0, -1]));
    close(y, [-2, -2]);
    const [ct] = pb(tensor([1, -1]));
    close(ct, [-3, -3, -3]);
  });

  it('jvp pushes a tangent forward: W v', () => {
    const [y, t] = jvp((x: Tensor) => matmul(W, x), [tensor([1, 0, -1])], [tensor([0, 1, 0])]);
    close(y, [-2, -2]);
    close(t, [2, 5]);
  });

  it('tangents and cotangents match the primals and outputs by key, not by key order', () => {
    const f = (p: { a: Tensor; b: Tensor }) => ({ u: mul(p.a, 2), v: mul(p.b, 3) });
    const p = { a: tensor([1, 2]), b: tensor([3, 4]) };
    const [, t] = jvp(f, [p], [{ b: tensor([0, 1]), a: tensor([1, 0]) }]); // keys in the other order
    close(t.u, [2, 0]);
    close(t.v, [0, 3]);
    const [, pullback] = vjp(f, p);
    const [g] = pullback({ v: tensor([1, 1]), u: tensor([0, 1]) });
    close(g.a, [0, 2]);
    close(g.b, [3, 3]);
  });

  it('names where tangents or cotangents differ in structure from the primals or outputs', () => {
    const f = (p: { a: Tensor; b: Tensor[] }) => ({ u: mul(p.a, 2) });
    const p = { a: tensor([1, 2]), b: [tensor(1)] };
    expect(() => jvp(f, [p], [{ a: tensor([1, 0]), c: [tensor(1)] } as unknown as typeof p])).toThrow(/^jvp \(tangents must match the primals\): key 'b' is missing at \[0\]/);
    expect(() => jvp(f, [p], [{ a: tensor([1, 0]), b: [tensor(1), tensor(2)] }])).toThrow(/^jvp \(tangents must match the primals\): at \[0\]\.b expected an array of 1 item, found an array of 2 items$/);
    expect(() => jvp(f, [p], [{ a: tensor([1, 0]), b: [tensor(1)], z: tensor(0) } as unknown as typeof p])).toThrow(/unexpected key 'z' at \[0\]/);
    expect(() => vjp(f, p)[1]({ w: tensor([1, 1]) })).toThrow(/^vjp \(the cotangent must match the output\): key 'u' is missing at the top/);
    expect(() => vjp(f, p)[1](tensor([1, 1]))).toThrow(/at the top expected an object with keys 'u', found a Tensor/);
  });

  it('vjp handles several primals and pytree outputs', () => {
    const [out, pb] = vjp((a: Tensor, b: Tensor) => ({ s: sum(mul(a, b)), p: mul(a, 2) }), tensor([1, 2]), tensor([3, 4]));
    close(out.s, 11);
    const [ga, gb] = pb({ s: tensor(1), p: tensor([1, 1]) });
    close(ga, [5, 6]);
    close(gb, [1, 2]);
  });

  it('the pullback can be called again with another cotangent', () => {
    const [, pb] = vjp((x: Tensor) => exp(x), tensor([0, 1]));
    close(pb(tensor([1, 0]))[0], [1, 0]);
    close(pb(tensor([0, 2]))[0], [0, 2 * Math.E]);
  });

  it('checks cotangent and tangent shapes', () => {
    const [, pb] = vjp((x: Tensor) => x.mul(2), tensor([1, 2, 3]));
    expect(() => pb(tensor([1, 2]))).toThrow(/cotangent has shape \[2\] but the output has shape \[3\]/);
    expect(() => jvp((x: Tensor) => x, [tensor([1, 2])], [tensor([1])])).toThrow(/tangent 0 has shape \[1\] but its primal has shape \[2\]/);
  });

  it('stopGradient blocks derivatives in both modes', () => {
    const f = (x: Tensor) => sum(mul(x, stopGradient(x)));
    close(grad(f)(tensor([2, 3])), [2, 3]);
    close(jvp(f, [tensor([2, 3])], [tensor([1, 1])])[1], 5);
  });

  it('float32 inputs get float32 gradients', () => {
    const g = grad((x: Tensor) => sum(tanh(x)))(tensor([0.5, 1], { dtype: 'float32' }));
    expect(g.dtype).toBe('float32');
    close(g, [1 - Math.tanh(0.5) ** 2, 1 - Math.tanh(1) ** 2], 6);
  });

  it('mixed float32/float64 promote, and each gradient keeps its input dtype', () => {
    const a = tensor([1, 2], { dtype: 'float32' }), b = tensor([3, 4]);
    const [ga, gb] = grad((a: Tensor, b: Tensor) => sum(mul(a, b)), { argnums: [0, 1] })(a, b);
    expect(ga.dtype).toBe('float32');
    expect(gb.dtype).toBe('float64');
    close(ga, [3, 4]);
  });
});

describe('checkGrads', () => {
  it('passes a correct function to second order, non-square and broadcasting', () => {
    const W = randn([2, 3], { seed: 1 });
    checkGrads((x, b) => tanh(add(matmul(W, x), b)), [randn([3, 4], { seed: 2 }), randn([4], { seed: 3 })]);
  });

  it('fails a function with a wrong derivative', async () => {
    const { definePrimitive } = await import('../engine/primitive');
    const { bind } = await import('../engine/trace');
    const { sin: sinOp } = await import('../ops/unary');
    // a deliberately wrong sine: its rules claim the derivative is sin, not cos
    const badSin: Primitive = definePrimitive({
      name: 'badSin',
      impl: ([x]) => sinOp(x),
      jvp: [(t, { inputs }) => mul(t, sin(inputs[0]))],
      vjp: [(g, { inputs }) => mul(g, sin(inputs[0]))],
      saves: { inputs: [0], output: false },
      batch: ([x], [d]) => [bind(badSin, [x], undefined), d],
    });
    expect(() => checkGrads((x) => bind(badSin, [x], undefined), [tensor([0.3, 1.1])])).toThrow(/finite differences/);
  });

  it('fails a VJP that disagrees with its JVP', async () => {
    const { definePrimitive } = await import('../engine/primitive');
    const { bind } = await import('../engine/trace');
    const badCos: Primitive = definePrimitive({
      name: 'badCos',
      impl: ([x]) => cos(x),
      jvp: [(t, { inputs }) => mul(t, sin(inputs[0]).neg())],
      vjp: [(g, { inputs }) => mul(g, sin(inputs[0]))], // wrong sign
      saves: { inputs: [0], output: false },
      batch: ([x], [d]) => [bind(badCos, [x], undefined), d],
    });
    expect(() => checkGrads((x) => bind(badCos, [x], undefined), [tensor([0.3, 1.1])], { order: 1 })).toThrow(/VJP disagrees with JVP/);
  });

  void ones;
});
