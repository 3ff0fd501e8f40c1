/**
 * Reductions over every axis subset (given as positive or negative axes, with or without keepdims)
 * on random shapes with zero-size dimensions, against a plain loop over the input. Empty
 * reductions follow NumPy: sum = 0, prod = 1, mean = NaN, logsumexp = -Infinity; max and min of
 * an empty axis are an error naming the op and the shape.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { grad, logsumexp, logSoftmax, max, mean, min, prod, softmax, sum, variance, type Tensor } from '../index';
import { checkGrads } from '../testing';
import type { DType } from '../dtype';
import { expectValues, nonEmptyShape, property, randomTensor, ravel, reportCases, shapeArb, size, unravel } from './generators';

reportCases('reductions.test.ts');

/** A shape and a subset of its axes, each written positive or negative at random, in random order. */
const shapeAndAxes = (shape: fc.Arbitrary<number[]>) =>
  shape.chain((s) =>
    fc.record({
      shape: fc.constant(s),
      axes: fc.shuffledSubarray([...s.keys()]).chain((axes) => fc.tuple(...axes.map((a) => fc.constantFrom(a, a - s.length)))),
      keepdims: fc.boolean(),
      /** all axes may also be asked for by omitting the argument */
      omit: fc.boolean(),
      seed: fc.nat(),
      dtype: fc.constantFrom<DType>('float64', 'float32'),
    }),
  );

/** Groups the input's elements by output position, in input order, and folds each group. */
function referenceReduce(x: Tensor, axes: readonly number[], keepdims: boolean, fold: (group: number[]) => number): { shape: number[]; data: number[] } {
  const rank = x.ndim;
  const reduced = new Set(axes.map((a) => (a < 0 ? a + rank : a)));
  const kept = x.shape.map((d, i) => (reduced.has(i) ? 1 : d));
  const groups: number[][] = Array.from({ length: size(kept) }, () => []);
  for (let k = 0; k < x.size; k++) {
    const idx = unravel(k, x.shape).map((v, i) => (reduced.has(i) ? 0 : v));
    groups[ravel(idx, kept)].push(x.data[k]);
  }
  const shape = keepdims ? kept : x.shape.filter((_, i) => !reduced.has(i));
  return { shape, data: groups.map(fold) };
}

const sumOf = (g: number[]) => g.reduce((a, b) => a + b, 0);
const folds: { name: string; op: (x: Tensor, axis?: number[], keepdims?: boolean) => Tensor; fold: (g: number[]) => number; rtol: number }[] = [
  { name: 'sum', op: sum, fold: sumOf, rtol: 1e-12 },
  { name: 'prod', op: prod, fold: (g) => g.reduce((a, b) => a * b, 1), rtol: 1e-12 },
  { name: 'mean', op: mean, fold: (g) => sumOf(g) / g.length, rtol: 1e-12 },
  { name: 'max', op: max, fold: (g) => Math.max(...g), rtol: 0 },
  { name: 'min', op: min, fold: (g) => Math.min(...g), rtol: 0 },
  { name: 'variance', op: variance, fold: (g) => sumOf(g.map((v) => (v - sumOf(g) / g.length) ** 2)) / g.length, rtol: 1e-10 },
  { name: 'logsumexp', op: logsumexp, fold: (g) => Math.log(sumOf(g.map(Math.exp))), rtol: 1e-12 },
];

describe('reductions over every axis subset, keepdims and negative axes', () => {
  for (const { name, op, fold, rtol } of folds) {
    it(`${name}: values and shapes, including zero-size tensors`, () => {
      property(
        `${name} values`,
        shapeAndAxes(shapeArb(4, 3)),
        ({ shape, axes, keepdims, omit, seed, dtype }) => {
          const x = randomTensor(shape, seed, dtype);
          const all = omit ? [...shape.keys()] : axes;
          const ref = referenceReduce(x, all, keepdims, fold);
          const emptyAxis = all.some((a) => shape[a < 0 ? a + shape.length : a] === 0);
          const call = () => (omit ? op(x, undefined, keepdims) : op(x, axes, keepdims));
          if ((name === 'max' || name === 'min') && emptyAxis) {
            expect(call).toThrow(new RegExp(`^${name}: .*empty axis.*\\[${shape.join(', ')}\\]`));
            return;
          }
          // float32 reductions accumulate in float64 and round once, as NumPy and PyTorch sum
          const want = dtype === 'float32' ? ref.data.map(Math.fround) : ref.data;
          const out = call();
          expect(out.dtype).toBe(dtype);
          expectValues(out, ref.shape, want, dtype === 'float32' && rtol > 0 ? 1e-6 : rtol, `${name}(${dtype} [${shape}], axes [${all}], keepdims ${keepdims})`);
        },
        80,
      );
    });
  }

  it('empty reductions follow NumPy: sum 0, prod 1, mean NaN, logsumexp -Infinity', () => {
    for (const shape of [[0], [2, 0], [0, 3]]) {
      const x = randomTensor(shape, 1);
      expect(sum(x).item()).toBe(0);
      expect(prod(x).item()).toBe(1);
      expect(mean(x).item()).toBeNaN();
      expect(logsumexp(x).item()).toBe(-Infinity);
      expect(() => max(x)).toThrow(/^max: .*empty axis.*shape \[/);
      expect(() => min(x)).toThrow(/^min: .*empty axis.*shape \[/);
    }
  });

  it('softmax and logSoftmax along any axis: rows are normalized exponentials', () => {
    property(
      'softmax values',
      shapeArb(4, 3).filter((s) => s.length > 0).chain((s) => fc.record({ shape: fc.constant(s), axis: fc.integer({ min: -s.length, max: s.length - 1 }), seed: fc.nat() })),
      ({ shape, axis, seed }) => {
        const x = randomTensor(shape, seed, 'float64', -5, 5);
        const lse = referenceReduce(x, [axis], true, (g) => Math.log(sumOf(g.map(Math.exp))));
        const a = axis < 0 ? axis + shape.length : axis;
        const rowLse = Array.from(x.data, (_, k) => lse.data[ravel(unravel(k, shape).map((v, i) => (i === a ? 0 : v)), lse.shape)]);
        expectValues(logSoftmax(x, axis), shape, Array.from(x.data, (v, k) => v - rowLse[k]), 1e-12, 'logSoftmax');
        expectValues(softmax(x, axis), shape, Array.from(x.data, (v, k) => Math.exp(v - rowLse[k])), 1e-12, 'softmax');
      },
      60,
    );
  });
});

describe('gradients of reductions', () => {
  const smooth: [string, (x: Tensor, axes: number[], keepdims: boolean) => Tensor][] = [
    ['sum', (x, a, k) => sum(x, a, k)],
    ['prod', (x, a, k) => prod(x, a, k)],
    ['mean', (x, a, k) => mean(x, a, k)],
    ['max', (x, a, k) => max(x, a, k)],
    ['min', (x, a, k) => min(x, a, k)],
    ['variance', (x, a, k) => variance(x, a, k)],
    ['logsumexp', (x, a, k) => logsumexp(x, a, k)],
    ['softmax', (x, a) => softmax(x, a[0] ?? -1)],
    ['logSoftmax', (x, a) => logSoftmax(x, a[0] ?? -1)],
  ];
  for (const [name, f] of smooth) {
    it(`${name}: checkGrads to order 2 on random non-empty shapes and axes`, () => {
      property(
        `${name} gradients`,
        shapeAndAxes(nonEmptyShape(3, 3).filter((s) => s.length > 0)),
        ({ shape, axes, keepdims, seed }) => {
          // values 0.5..1.5 of random sign keep prod away from 0; random values have no ties for max/min
          const x = randomTensor(shape, seed, 'float64', 0.5, 1.5).mul(randomTensor(shape, seed + 1).sign());
          checkGrads((t) => f(t, axes, keepdims), [x], { seed });
        },
        10,
      );
    });
  }

  it('gradients of reductions of zero-size tensors have the input shape and are zero', () => {
    property(
      'zero-size reduction gradients',
      shapeAndAxes(shapeArb(3, 2).filter((s) => size(s) === 0)),
      ({ shape, axes, keepdims, seed }) => {
        for (const f of [sum, prod, mean]) {
          const g = grad((t: Tensor) => sum(f(t, axes, keepdims)))(randomTensor(shape, seed));
          expectValues(g, shape, [], 0, `grad of ${f.name} over an empty tensor`);
        }
      },
      30,
    );
  });
});
