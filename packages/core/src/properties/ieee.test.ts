/**
 * NaN, ±Infinity and ±0 through elementwise ops, reductions, softmax and logsumexp, in float32 and
 * float64. Where jacobi follows NumPy/JAX and where it follows JavaScript:
 * - arithmetic, comparisons, exp/log/sqrt/tanh...: IEEE 754, the same in NumPy, JAX and JavaScript
 *   (0 * Inf = NaN, Inf - Inf = NaN, log(0) = -Inf, exp(-Inf) = 0, NaN compares false except ne);
 * - maximum/minimum and max/min reductions: NaN wins, like NumPy's maximum and JAX (not fmax);
 * - relu, abs, sign, step, sigmoid of NaN are NaN (PyTorch/JAX); sign(±0) = 0;
 * - pow follows C's pow like NumPy/JAX/PyTorch: pow(1, NaN) = 1, pow(±1, ±Inf) = 1, pow(NaN, 0) = 1
 *   (JavaScript's ** gives NaN for the first two);
 * - softmax/logsumexp of a row: a -Inf entry contributes 0; a row of all -Inf gives NaN softmax and
 *   logsumexp -Inf; a +Inf entry makes logsumexp +Inf and the softmax NaN there (JAX and PyTorch).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  abs, add, cos, div, eq, exp, ge, gt, le, log, log1p, logSoftmax, logsumexp, lt, max, maximum, mean, min, minimum, mul, ne,
  neg, pow, prod, relu, sigmoid, sign, sin, softmax, sqrt, step, sub, sum, tanh, tensor, type Tensor,
} from '../index';
import type { DType } from '../dtype';
import { expectValues, property, referenceElementwise, reportCases } from './generators';

reportCases('ieee.test.ts');

const specials = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 2.5, -0.5, 1e-300, 1e300];
const special = fc.constantFrom(...specials);
const dtypeArb = fc.constantFrom<DType>('float64', 'float32');
const vec = (v: number[], dtype: DType = 'float64') => tensor(v, { dtype });
/** float32 storage rounds: 1e300 becomes Infinity and 1e-300 becomes 0 before any op sees them. */
const stored = (v: number[], dtype: DType) => (dtype === 'float32' ? v.map(Math.fround) : v);

/** C's pow (as NumPy, JAX and PyTorch use it), written out where it differs from JavaScript's **. */
const cPow = (a: number, b: number) => (a === 1 || b === 0 ? 1 : a === -1 && (b === Infinity || b === -Infinity) ? 1 : a ** b);

const binaryRefs: [string, (a: Tensor, b: Tensor) => Tensor, (a: number, b: number) => number][] = [
  ['add', add, (a, b) => a + b],
  ['sub', sub, (a, b) => a - b],
  ['mul', mul, (a, b) => a * b],
  ['div', div, (a, b) => a / b],
  ['pow', pow, cPow],
  ['maximum', maximum, (a, b) => (a !== a || b !== b ? NaN : Math.max(a, b))],
  ['minimum', minimum, (a, b) => (a !== a || b !== b ? NaN : Math.min(a, b))],
  ['eq', eq, (a, b) => Number(a === b)],
  ['ne', ne, (a, b) => Number(a !== b)],
  ['lt', lt, (a, b) => Number(a < b)],
  ['le', le, (a, b) => Number(a <= b)],
  ['gt', gt, (a, b) => Number(a > b)],
  ['ge', ge, (a, b) => Number(a >= b)],
];

const unaryRefs: [string, (x: Tensor) => Tensor, (x: number) => number][] = [
  ['neg', neg, (x) => -x],
  ['exp', exp, Math.exp],
  ['log', log, Math.log],
  ['log1p', log1p, Math.log1p],
  ['sin', sin, Math.sin],
  ['cos', cos, Math.cos],
  ['tanh', tanh, Math.tanh],
  ['sqrt', sqrt, Math.sqrt],
  ['abs', abs, Math.abs],
  ['sigmoid', sigmoid, (x) => (x !== x ? NaN : x === Infinity ? 1 : x === -Infinity ? 0 : 1 / (1 + Math.exp(-x)))],
  ['relu', relu, (x) => (x !== x ? NaN : x > 0 ? x : 0)],
  ['sign', sign, (x) => (x !== x ? NaN : x > 0 ? 1 : x < 0 ? -1 : 0)],
  ['step', step, (x) => (x !== x ? NaN : x > 0 ? 1 : 0)],
];

/** Same value, and same sign of zero where the reference has a zero. */
function expectSignedZeros(out: Tensor, ref: number[], what: string): void {
  ref.forEach((r, i) => {
    if (r === 0) expect(Object.is(out.data[i], r), `${what}: element ${i} is ${Object.is(out.data[i], -0) ? '-0' : out.data[i]}, expected ${Object.is(r, -0) ? '-0' : r}`).toBe(true);
  });
}

describe('elementwise ops on NaN, ±Infinity and ±0 follow IEEE arithmetic', () => {
  for (const [name, op, ref] of binaryRefs) {
    it(`${name}: every pair of special values, float32 and float64`, () => {
      property(
        `${name} specials`,
        fc.record({ a: fc.array(special, { minLength: 1, maxLength: 6 }), b: fc.array(special, { minLength: 1, maxLength: 6 }), dtype: dtypeArb }),
        ({ a, b, dtype }) => {
          const [ta, tb] = [vec(a, dtype), vec(b, dtype).reshape([b.length, 1])];
          const expected = referenceElementwise([ta, tb], ref);
          const out = op(ta, tb);
          const want = stored(expected.data, dtype);
          // transcendental pow on finite operands may differ in the last place; specials must be exact
          expectValues(out, expected.shape, want, name === 'pow' ? 1e-6 : 0, `${name} ${dtype}`);
          if (name !== 'pow' && name !== 'mul' && name !== 'div') expectSignedZeros(out, want, name);
        },
        40,
      );
    });
  }

  it('every special pair exhaustively (float64)', () => {
    const a = vec(specials);
    const b = vec(specials).reshape([specials.length, 1]);
    for (const [name, op, ref] of binaryRefs) {
      const expected = referenceElementwise([a, b], ref);
      expectValues(op(a, b), expected.shape, expected.data, name === 'pow' ? 1e-15 : 0, name);
    }
  });

  for (const [name, op, ref] of unaryRefs) {
    it(`${name}: special values, float32 and float64`, () => {
      for (const dtype of ['float64', 'float32'] as const) {
        const x = vec(specials, dtype);
        const want = stored(Array.from(x.data, ref), dtype);
        expectValues(op(x), [specials.length], want, dtype === 'float32' ? 1e-6 : 1e-15, `${name} ${dtype}`);
      }
    });
  }

  it('the named cases of the issue', () => {
    expect(exp(vec([-Infinity])).item()).toBe(0);
    expect(log(vec([0])).item()).toBe(-Infinity);
    expect(mul(vec([0]), vec([Infinity])).item()).toBeNaN();
    expect(sub(vec([Infinity]), vec([Infinity])).item()).toBeNaN();
    expect(relu(vec([NaN])).item()).toBeNaN();
    expect(maximum(vec([NaN]), vec([1])).item()).toBeNaN();
    expect(minimum(vec([1]), vec([NaN])).item()).toBeNaN();
    for (const cmp of [eq, lt, le, gt, ge]) expect(cmp(vec([NaN]), vec([NaN])).item()).toBe(0);
    expect(ne(vec([NaN]), vec([NaN])).item()).toBe(1);
  });
});

describe('reductions with NaN and ±Infinity', () => {
  const row = fc.array(special, { minLength: 1, maxLength: 6 });
  const js = {
    sum: (v: number[]) => v.reduce((a, b) => a + b, 0),
    prod: (v: number[]) => v.reduce((a, b) => a * b, 1),
    max: (v: number[]) => (v.some((x) => x !== x) ? NaN : Math.max(...v)),
    min: (v: number[]) => (v.some((x) => x !== x) ? NaN : Math.min(...v)),
  };

  it('sum, prod, mean, max, min of rows of special values', () => {
    property(
      'reduction specials',
      fc.record({ v: row, dtype: dtypeArb }),
      ({ v, dtype }) => {
        const x = vec(v, dtype);
        const s = stored(v, dtype);
        // float32 reductions accumulate in float64 (as NumPy and PyTorch do for sums), then round once
        const one = (r: number) => (dtype === 'float32' ? Math.fround(r) : r);
        const check = (got: Tensor, want: number, what: string) => {
          if (Number.isFinite(want) && want !== 0) expect(got.item(), what).toBeCloseTo(want, dtype === 'float32' ? 3 : 10);
          else expectValues(got, [], [want], 0, what);
        };
        check(sum(x), one(js.sum(s)), `sum of ${s}`);
        check(prod(x), one(js.prod(s)), `prod of ${s}`);
        check(mean(x), one(js.sum(s) / s.length), `mean of ${s}`);
        check(max(x), js.max(s), `max of ${s}`);
        check(min(x), js.min(s), `min of ${s}`);
      },
      200,
    );
  });

  it('softmax, logSoftmax and logsumexp of rows holding -Infinity, +Infinity or NaN', () => {
    const ninf = -Infinity;
    // a -Inf entry contributes nothing
    expectValues(softmax(vec([ninf, 0, 0])), [3], [0, 0.5, 0.5], 1e-15, 'softmax with -Inf');
    expectValues(logSoftmax(vec([ninf, 0, 0])), [3], [ninf, -Math.LN2, -Math.LN2], 1e-15, 'logSoftmax with -Inf');
    expectValues(logsumexp(vec([ninf, 0, 0])), [], [Math.LN2], 1e-15, 'logsumexp with -Inf');
    // a row of only -Inf: nothing to normalize
    expectValues(logsumexp(vec([ninf, ninf])), [], [ninf], 0, 'logsumexp of all -Inf');
    expectValues(softmax(vec([ninf, ninf])), [2], [NaN, NaN], 0, 'softmax of all -Inf');
    // +Inf: logsumexp is +Inf; softmax is NaN at the infinity (Inf/Inf) and 0 elsewhere
    expectValues(logsumexp(vec([Infinity, 0])), [], [Infinity], 0, 'logsumexp with +Inf');
    expectValues(softmax(vec([Infinity, 0])), [2], [NaN, 0], 0, 'softmax with +Inf');
    // NaN anywhere in a row makes the whole row NaN, and no other row
    const m = tensor([[NaN, 0, 1], [0, 1, 2]]);
    const s = softmax(m);
    expect(Array.from(s.data.slice(0, 3)).every(Number.isNaN)).toBe(true);
    expect(Array.from(s.data.slice(3)).every(Number.isFinite)).toBe(true);
    expectValues(logsumexp(m, 1), [2], [NaN, Math.log(1 + Math.E + Math.E ** 2)], 1e-15, 'logsumexp rows with NaN');
  });

  it('softmax and logsumexp of random rows mixing finite values and -Infinity (float32, float64)', () => {
    property(
      'softmax -Inf rows',
      fc.record({
        v: fc.array(fc.oneof(fc.double({ min: -50, max: 50, noNaN: true }), fc.constant(-Infinity)), { minLength: 1, maxLength: 6 }),
        dtype: dtypeArb,
      }),
      ({ v, dtype }) => {
        const x = vec(v, dtype);
        const s = stored(v, dtype);
        const finite = s.filter(Number.isFinite);
        const m = finite.length ? Math.max(...finite) : 0;
        const total = s.reduce((a, b) => a + Math.exp(b - m), 0);
        const lse = finite.length ? m + Math.log(total) : -Infinity;
        const tol = dtype === 'float32' ? 1e-5 : 1e-12;
        expectValues(logsumexp(x), [], stored([lse], dtype), tol, `logsumexp ${s}`);
        expectValues(softmax(x), [s.length], stored(s.map((b) => (finite.length ? Math.exp(b - m) / total : NaN)), dtype), tol, `softmax ${s}`);
      },
      100,
    );
  });
});
