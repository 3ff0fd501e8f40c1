import { describe, expect, it } from 'vitest';
import {
  abs, add, div, eq, ge, grad, gt, jvp, le, lt, maximum, minimum, mul, ne, pow, randn, sub, sum, tensor, Tensor, vjp,
} from '../index';
import { checkGrads, checkVmap } from '../testing';

const values = (t: Tensor) => Array.from(t.data);
type Op = (a: Tensor | number, b: Tensor | number) => Tensor;

const arithmetic: [string, Op, (a: number, b: number) => number][] = [
  ['add', add, (a, b) => a + b],
  ['sub', sub, (a, b) => a - b],
  ['mul', mul, (a, b) => a * b],
  ['div', div, (a, b) => a / b],
  ['pow', pow, Math.pow],
  ['maximum', maximum, Math.max],
  ['minimum', minimum, Math.min],
];
const comparisons: [string, Op, (a: number, b: number) => boolean][] = [
  ['eq', eq, (a, b) => a === b],
  ['ne', ne, (a, b) => a !== b],
  ['lt', lt, (a, b) => a < b],
  ['le', le, (a, b) => a <= b],
  ['gt', gt, (a, b) => a > b],
  ['ge', ge, (a, b) => a >= b],
];

/** Positive bases for pow (its derivative in the exponent needs log(a)); others take any value. */
const operands = (name: string, sa: number[], sb: number[], seed: number): [Tensor, Tensor] => {
  const a = randn(sa, { seed }), b = randn(sb, { seed: seed + 1 });
  return name === 'pow' ? [add(abs(a), 0.5), b] : name === 'div' ? [a, add(abs(b), 0.5)] : [a, b];
};

describe('binary arithmetic', () => {
  for (const [name, f, ref] of arithmetic) {
    describe(name, () => {
      it('broadcasts [2, 3] with [3], and [4, 1] with [1, 5], matching scalar arithmetic', () => {
        for (const [sa, sb, out] of [[[2, 3], [3], [2, 3]], [[4, 1], [1, 5], [4, 5]], [[3], [2, 1], [2, 3]]] as const) {
          const [a, b] = operands(name, [...sa], [...sb], 1);
          const y = f(a, b);
          expect(y.shape).toEqual(out);
          const A = a.broadcastTo(out).data, B = b.broadcastTo(out).data;
          values(y).forEach((v, i) => expect(v).toBeCloseTo(ref(A[i], B[i]), 13));
        }
      });

      it('accepts numbers on either side, taking the tensor dtype', () => {
        const t = tensor([1.5, 2], { dtype: 'float32' });
        expect(f(t, 2).dtype).toBe('float32');
        expect(values(f(t, 2))).toEqual([Math.fround(ref(1.5, 2)), Math.fround(ref(2, 2))]);
        expect(values(f(3, tensor([1, 2])))).toEqual([ref(3, 1), ref(3, 2)]);
      });

      it('promotes float32 with float64 to float64', () => {
        const y = f(tensor([1.5], { dtype: 'float32' }), tensor([0.1]));
        expect(y.dtype).toBe('float64');
        expect(y.item()).toBeCloseTo(ref(1.5, 0.1), 14);
      });

      it('has a method form equal to the function form', () => {
        const [a, b] = operands(name, [2, 3], [3], 3);
        const method = (a as unknown as Record<string, (o: Tensor) => Tensor>)[name].call(a, b);
        expect(values(method)).toEqual(values(f(a, b)));
      });

      it('has correct derivatives in both arguments, with broadcasting, to second order', () => {
        checkGrads(f, operands(name, [2, 3], [3], 4));
        checkGrads(f, operands(name, [4, 1], [1, 5], 5));
        checkGrads(f, operands(name, [2, 1, 3], [], 6));
      });

      it('vmap equals a loop (both batched, and one shared)', () => {
        const [a, b] = operands(name, [2, 4, 3], [3, 4], 7);
        checkVmap(f, [a, b], { inAxes: [1, 1] });
        const [c, shared] = operands(name, [4, 3], [2, 1], 8);
        checkVmap(f, [c, shared], { inAxes: [0, null] });
      });
    });
  }

  it('refuses shapes that do not broadcast, naming the op and both shapes', () => {
    expect(() => add(tensor([1, 2]), tensor([1, 2, 3]))).toThrow(/add: shapes \[2\] and \[3\] cannot be broadcast together/);
    expect(() => mul(randn([2, 3]), randn([2, 4]))).toThrow(/mul: shapes \[2, 3\] and \[2, 4\]/);
    expect(() => add('x' as unknown as Tensor, tensor(1))).toThrow(/add: expected a Tensor or a number, got string/);
    expect(() => maximum(tensor([1, 2]), tensor([1, 2, 3]))).toThrow(/maximum: shapes \[2\] and \[3\]/);
    expect(() => tensor([1, 2]).minimum(tensor([1, 2, 3]))).toThrow(/minimum: shapes \[2\] and \[3\]/);
  });

  it('maximum and minimum share the gradient equally at ties', () => {
    const [ga, gb] = grad((a: Tensor, b: Tensor) => sum(maximum(a, b)), { argnums: [0, 1] })(tensor([1, 2, 3]), tensor([3, 2, 1]));
    expect(values(ga)).toEqual([0, 0.5, 1]);
    expect(values(gb)).toEqual([1, 0.5, 0]);
    const gm = grad((a: Tensor) => sum(minimum(a, a)))(tensor([1, -2]));
    expect(values(gm)).toEqual([1, 1]);
  });

  it('div and pow give the textbook derivatives', () => {
    const [ga, gb] = grad((a: Tensor, b: Tensor) => sum(div(a, b)), { argnums: [0, 1] })(tensor([3]), tensor([2]));
    expect(ga.item()).toBeCloseTo(0.5, 14);
    expect(gb.item()).toBeCloseTo(-3 / 4, 14);
    const [pa, pb] = grad((a: Tensor, b: Tensor) => sum(pow(a, b)), { argnums: [0, 1] })(tensor([2]), tensor([3]));
    expect(pa.item()).toBeCloseTo(12, 12);
    expect(pb.item()).toBeCloseTo(8 * Math.log(2), 12);
    // a constant exponent never needs log(a): the gradient at a negative base is finite
    expect(grad((a: Tensor) => sum(pow(a, 2)))(tensor([-3])).item()).toBe(-6);
  });

  it('pow at a zero base has derivative 0 in the exponent (0^b is constant for b > 0), not NaN', () => {
    const zero = tensor([0, 0]), b = tensor([2, 0.5]);
    expect(values(grad((e: Tensor) => sum(pow(zero, e)))(b))).toEqual([0, 0]);
    expect(values(jvp((e: Tensor) => pow(zero, e), [b], [tensor([1, 1])])[1])).toEqual([0, 0]);
    // elsewhere the exponent derivative is still a^b log(a)
    expect(grad((e: Tensor) => sum(pow(tensor([0, 3]), e)))(b).data[1]).toBeCloseTo(Math.sqrt(3) * Math.log(3), 12);
  });
});

describe('comparisons', () => {
  const a = tensor([[1, 2, 3], [4, 5, 6]]), b = tensor([3, 5, 3]);
  for (const [name, f, ref] of comparisons) {
    it(`${name} gives 1/0 with broadcasting and carries no gradient`, () => {
      const y = f(a, b);
      expect(y.shape).toEqual([2, 3]);
      const A = a.data, B = b.broadcastTo([2, 3]).data;
      expect(values(y)).toEqual(values(y).map((_, i) => +ref(A[i], B[i])));
      expect(values((a as unknown as Record<string, (o: Tensor) => Tensor>)[name].call(a, b))).toEqual(values(y));
      const [, back] = vjp((x: Tensor) => add(f(x, 3), x), tensor([1, 3, 5]));
      expect(values(back(tensor([1, 1, 1]))[0])).toEqual([1, 1, 1]);
      const [, t] = jvp((x: Tensor) => f(x, 3), [tensor([1, 3])], [tensor([1, 1])]);
      expect(values(t)).toEqual([0, 0]);
    });
  }
});

// Found by the property tests (src/properties/ieee.test.ts, counterexample a = [-1], b = [-Inf, NaN]):
// pow followed JavaScript's ** instead of C's pow, which NumPy, JAX and PyTorch use.
describe('pow at the special values where C and JavaScript differ', () => {
  it('1 ** y = 1 for every y (NaN too) and (-1) ** ±Inf = 1, in float64 and float32', () => {
    for (const dtype of ['float64', 'float32'] as const) {
      expect(values(pow(tensor([1, 1, 1, -1, -1], { dtype }), tensor([NaN, Infinity, -Infinity, Infinity, -Infinity], { dtype })))).toEqual([1, 1, 1, 1, 1]);
      expect(values(pow(tensor([-1, 2, NaN], { dtype }), tensor([NaN, NaN, 0], { dtype })))).toEqual([NaN, NaN, 1]);
    }
  });
});
