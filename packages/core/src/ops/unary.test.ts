import { describe, expect, it } from 'vitest';
import {
  abs, cos, exp, grad, jvp, log, log1p, neg, randn, relu, sigmoid, sign, sin, sqrt, square, step, tanh, tensor, Tensor, vjp,
  add, mul, sum, backend, setBackend,
} from '../index';
import { tanhGrad } from './unary';
import { checkGrads, checkVmap } from '../testing';

const values = (t: Tensor) => Array.from(t.data);

type Op = (x: Tensor) => Tensor;
/** Each op with its scalar reference and a domain for gradient checks (away from kinks). */
const cases: [string, Op, (v: number) => number, 'any' | 'positive' | 'nonzero'][] = [
  ['neg', neg, (v) => -v, 'any'],
  ['exp', exp, Math.exp, 'any'],
  ['log', log, Math.log, 'positive'],
  ['log1p', log1p, Math.log1p, 'positive'],
  ['sin', sin, Math.sin, 'any'],
  ['cos', cos, Math.cos, 'any'],
  ['tanh', tanh, Math.tanh, 'any'],
  ['sqrt', sqrt, Math.sqrt, 'positive'],
  ['abs', abs, Math.abs, 'nonzero'],
  ['sigmoid', sigmoid, (v) => 1 / (1 + Math.exp(-v)), 'any'],
  ['relu', relu, (v) => Math.max(v, 0), 'nonzero'],
  ['square', square, (v) => v * v, 'any'],
];

/** A [2, 3] point in the op's domain, with no element near 0 where the op has a kink there. */
function pointFor(domain: string, seed: number): Tensor {
  const r = randn([2, 3], { seed });
  if (domain === 'positive') return add(abs(r), 0.5);
  if (domain === 'nonzero') return add(r, mul(sign(r), 0.3));
  return r;
}

describe('unary ops', () => {
  const xs = [-2.5, -1, -0.25, 0.25, 1, 3];
  for (const [name, f, ref, domain] of cases) {
    describe(name, () => {
      it('computes the same values as Math, in float64 and float32', () => {
        const inputs = domain === 'positive' ? xs.map(Math.abs) : xs;
        const x = tensor(inputs).reshape([2, 3]);
        const y = f(x);
        expect(y.shape).toEqual([2, 3]);
        expect(y.dtype).toBe('float64');
        values(y).forEach((v, i) => expect(v).toBeCloseTo(ref(inputs[i]), 14));
        const y32 = f(tensor(inputs, { dtype: 'float32' }));
        expect(y32.dtype).toBe('float32');
        values(y32).forEach((v, i) => expect(v).toBeCloseTo(ref(Math.fround(inputs[i])), 5));
      });

      it('has a method form equal to the function form', () => {
        const x = pointFor(domain, 1);
        const method = (x as unknown as Record<string, () => Tensor>)[name].call(x);
        expect(values(method)).toEqual(values(f(x)));
      });

      it('has correct derivatives to third order', () => {
        checkGrads(f, [pointFor(domain, 2)], { order: 3 });
      });

      it('vmap equals a loop', () => {
        const x = pointFor(domain, 3);
        checkVmap(f, [x], { inAxes: [1] });
      });
    });
  }

  it('sigmoid neither overflows nor loses precision far from 0', () => {
    const y = sigmoid(tensor([-800, -40, 40, 800]));
    expect(values(y)).toEqual([0, Math.exp(-40) / (1 + Math.exp(-40)), 1, 1]);
    expect(y.data[1]).toBeGreaterThan(0);
  });

  it('abs and relu have derivative 0 at 0 (as in JAX and PyTorch)', () => {
    expect(values(grad((x: Tensor) => sum(abs(x)))(tensor([0, -2, 2])))).toEqual([0, -1, 1]);
    expect(values(grad((x: Tensor) => sum(relu(x)))(tensor([0, -2, 2])))).toEqual([0, 0, 1]);
  });

  it('sign and step give their values and carry no gradient', () => {
    expect(values(sign(tensor([-3, 0, 2])))).toEqual([-1, 0, 1]);
    expect(values(step(tensor([-3, 0, 2])))).toEqual([0, 0, 1]);
    expect(Number.isNaN(sign(tensor([NaN])).item())).toBe(true);
    expect(tensor([-1, 2]).sign().toArray()).toEqual([-1, 1]);
    const [, back] = vjp((x: Tensor) => add(sign(x), step(x)), tensor([1, -1]));
    expect(values(back(tensor([1, 1]))[0])).toEqual([0, 0]);
    const [, t] = jvp((x: Tensor) => add(sign(x), x), [tensor([1, -1])], [tensor([5, 5])]);
    expect(values(t)).toEqual([5, 5]);
  });

  it('refuses a non-tensor argument with a clear error', () => {
    expect(() => exp(3 as unknown as Tensor)).toThrow(/exp: expected a Tensor, got number/);
    expect(() => tanh(null as unknown as Tensor)).toThrow(/tanh: expected a Tensor, got null/);
  });
});

describe('tanhGrad, the tangent and cotangent of tanh', () => {
  const arraysWritten = (run: () => void, length: number): number => {
    const kernels = backend();
    const outs = new Set<unknown>();
    const record = (out: unknown) => (out as Float64Array).length === length && outs.add(out);
    setBackend({
      ...kernels,
      unary: (op, x, out) => (record(out), kernels.unary(op, x, out)),
      binary: (op, a, as, b, bs, shape, out) => (record(out), kernels.binary(op, a, as, b, bs, shape, out)),
    });
    try {
      run();
    } finally {
      setBackend(kernels);
    }
    return outs.size;
  };

  it('is g · (1 − y²), with broadcasting and promotion', () => {
    const g = randn([2, 3], { seed: 30 }), yv = tanh(randn([3], { seed: 31 }));
    const got = tanhGrad(g, yv);
    expect(got.shape).toEqual([2, 3]);
    values(got).forEach((v, i) => expect(v).toBeCloseTo(g.data[i] * (1 - yv.data[i % 3] ** 2), 14));
    const same = tanhGrad(g, tanh(g));
    values(same).forEach((v, i) => expect(v).toBeCloseTo(g.data[i] * (1 - Math.tanh(g.data[i]) ** 2), 14));
    expect(tanhGrad(randn([3], { seed: 32, dtype: 'float32' }), yv).dtype).toBe('float64');
    expect(() => tanhGrad(g, randn([4], { seed: 33 }))).toThrow(/tanhGrad.*\[2, 3\].*\[4\]/);
  });

  it('has correct derivatives to second order in both arguments, broadcasting, and batches', () => {
    checkGrads(tanhGrad, [randn([2, 3], { seed: 34 }), tanh(randn([3], { seed: 35 }))]);
    checkGrads(tanhGrad, [randn([3], { seed: 36 }), tanh(randn([2, 3], { seed: 37 }))]);
    checkVmap(tanhGrad, [randn([4, 3], { seed: 38 }), tanh(randn([3, 4], { seed: 39 }))], { inAxes: [0, 1] });
  });

  it('makes one array per backward pass of tanh (it was three: y², 1 − y², the product)', () => {
    const x = randn([5, 7], { seed: 40 });
    // forward tanh, the ones the sum's cotangent broadcasts to (a strided copy, not counted here),
    // then ONE array for tanh's cotangent
    expect(arraysWritten(() => grad((x: Tensor) => sum(tanh(x)))(x), 35)).toBe(2);
  });
});
