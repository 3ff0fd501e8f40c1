/**
 * Elementwise ops on random shapes (zero-size dimensions included) and every broadcasting pattern,
 * checked element by element against the broadcast index rule; gradients checked by checkGrads to
 * second order on random non-empty shapes, and shape-correct (zero) gradients on empty ones.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  abs, add, cos, div, eq, exp, ge, grad, gt, le, log, log1p, lt, maximum, minimum, mul, ne, neg, pow, relu, sigmoid, sign,
  sin, sqrt, square, step, sub, sum, tanh, where, type Tensor,
} from '../index';
import type { DType } from '../dtype';
import { checkGrads } from '../testing';
import { broadcastPair, broadcastResult, expectValues, nonEmptyShape, property, randomTensor, referenceElementwise, reportCases, shapeArb, size } from './generators';

reportCases('broadcasting.test.ts');

type Binary = (a: Tensor, b: Tensor) => Tensor;
interface BinaryCase {
  name: string;
  op: Binary;
  ref: (a: number, b: number) => number;
  /** Relative tolerance: 0 for operations IEEE rounds exactly. */
  rtol: number;
  /** Value ranges [lo, hi) of the operands, to stay in the domain and away from kinks. */
  domain?: [[number, number], [number, number]];
  differentiable: boolean;
}

const binaryCases: BinaryCase[] = [
  { name: 'add', op: add, ref: (a, b) => a + b, rtol: 0, differentiable: true },
  { name: 'sub', op: sub, ref: (a, b) => a - b, rtol: 0, differentiable: true },
  { name: 'mul', op: mul, ref: (a, b) => a * b, rtol: 0, differentiable: true },
  { name: 'div', op: div, ref: (a, b) => a / b, rtol: 0, domain: [[-2, 2], [0.5, 2]], differentiable: true },
  { name: 'pow', op: pow, ref: (a, b) => a ** b, rtol: 1e-12, domain: [[0.5, 2], [-2, 2]], differentiable: true },
  // disjoint ranges keep maximum/minimum away from ties, where they have a kink
  { name: 'maximum', op: maximum, ref: (a, b) => Math.max(a, b), rtol: 0, domain: [[-2, -0.1], [0.1, 2]], differentiable: true },
  { name: 'minimum', op: minimum, ref: (a, b) => Math.min(a, b), rtol: 0, domain: [[0.1, 2], [-2, -0.1]], differentiable: true },
  { name: 'eq', op: eq, ref: (a, b) => Number(a === b), rtol: 0, differentiable: false },
  { name: 'ne', op: ne, ref: (a, b) => Number(a !== b), rtol: 0, differentiable: false },
  { name: 'lt', op: lt, ref: (a, b) => Number(a < b), rtol: 0, differentiable: false },
  { name: 'le', op: le, ref: (a, b) => Number(a <= b), rtol: 0, differentiable: false },
  { name: 'gt', op: gt, ref: (a, b) => Number(a > b), rtol: 0, differentiable: false },
  { name: 'ge', op: ge, ref: (a, b) => Number(a >= b), rtol: 0, differentiable: false },
];

interface UnaryCase {
  name: string;
  op: (x: Tensor) => Tensor;
  ref: (x: number) => number;
  rtol: number;
  domain?: [number, number];
  differentiable: boolean;
}

const unaryCases: UnaryCase[] = [
  { name: 'neg', op: neg, ref: (x) => -x, rtol: 0, differentiable: true },
  { name: 'exp', op: exp, ref: Math.exp, rtol: 1e-13, differentiable: true },
  { name: 'log', op: log, ref: Math.log, rtol: 1e-13, domain: [0.2, 3], differentiable: true },
  { name: 'log1p', op: log1p, ref: Math.log1p, rtol: 1e-13, domain: [-0.5, 3], differentiable: true },
  { name: 'sin', op: sin, ref: Math.sin, rtol: 1e-13, differentiable: true },
  { name: 'cos', op: cos, ref: Math.cos, rtol: 1e-13, differentiable: true },
  { name: 'tanh', op: tanh, ref: Math.tanh, rtol: 1e-13, differentiable: true },
  { name: 'sqrt', op: sqrt, ref: Math.sqrt, rtol: 0, domain: [0.2, 3], differentiable: true },
  { name: 'abs', op: abs, ref: Math.abs, rtol: 0, domain: [0.1, 2], differentiable: true },
  { name: 'sigmoid', op: sigmoid, ref: (x) => 1 / (1 + Math.exp(-x)), rtol: 1e-13, differentiable: true },
  { name: 'relu', op: relu, ref: (x) => (x > 0 ? x : 0), rtol: 0, domain: [0.1, 2], differentiable: true },
  { name: 'square', op: square, ref: (x) => x * x, rtol: 0, differentiable: true },
  { name: 'sign', op: sign, ref: Math.sign, rtol: 0, differentiable: false },
  { name: 'step', op: step, ref: (x) => (x > 0 ? 1 : 0), rtol: 0, differentiable: false },
];

const dtypeArb = fc.constantFrom<DType>('float64', 'float32');
/** float32 results are the float64 reference rounded once (transcendentals within float32's precision). */
const rounded = (v: number[], dtype: DType) => (dtype === 'float32' ? v.map(Math.fround) : v);
const tolerance = (rtol: number, dtype: DType) => (dtype === 'float32' && rtol > 0 ? 1e-6 : rtol);
/** abs and relu are checked on both sides of their kink: the domain is mirrored at random. */
const mirrorable = new Set(['abs', 'relu']);

describe('binary ops follow the broadcast index rule on random shapes', () => {
  for (const c of binaryCases) {
    it(`${c.name}: values and shapes, float32 and float64, every broadcasting pattern`, () => {
      const [[alo, ahi], [blo, bhi]] = c.domain ?? [[-2, 2], [-2, 2]];
      property(
        `${c.name} values`,
        fc.record({ shapes: broadcastPair(), seed: fc.nat(), da: dtypeArb, db: dtypeArb, swap: fc.boolean() }),
        ({ shapes: [sa, sb], seed, da, db }) => {
          const a = randomTensor(sa, seed, da, alo, ahi);
          // comparisons also meet exact ties: b shares a's values where the shapes allow
          const b = c.differentiable ? randomTensor(sb, seed + 1, db, blo, bhi) : randomTensor(sb, seed % 3 === 0 ? seed : seed + 1, db, blo, bhi);
          const out = c.op(a, b);
          const ref = referenceElementwise([a, b], c.ref);
          const dtype = da === 'float32' && db === 'float32' ? 'float32' : 'float64';
          expect(out.dtype).toBe(dtype);
          expectValues(out, ref.shape, rounded(ref.data, dtype), tolerance(c.rtol, dtype), `${c.name}(${a.shape}, ${b.shape})`);
        },
        60,
      );
    });
  }

  it('where(cond, a, b) broadcasts all three operands', () => {
    property(
      'where values',
      fc.record({ pair: broadcastPair(3), third: shapeArb(2, 2), seed: fc.nat() }).filter(({ pair: [sa, sb], third }) => broadcastResult(sa, sb, third) !== null),
      ({ pair: [sa, sb], third, seed }) => {
        const cond = gt(randomTensor(third, seed), 0);
        const a = randomTensor(sa, seed + 1);
        const b = randomTensor(sb, seed + 2);
        const ref = referenceElementwise([cond, a, b], (c, x, y) => (c !== 0 ? x : y));
        expectValues(where(cond, a, b), ref.shape, ref.data, 0, 'where');
      },
      60,
    );
  });
});

describe('unary ops on random shapes', () => {
  for (const c of unaryCases) {
    it(`${c.name}: values and shapes, float32 and float64`, () => {
      const [lo, hi] = c.domain ?? [-3, 3];
      property(
        `${c.name} values`,
        fc.record({ shape: shapeArb(), seed: fc.nat(), dtype: dtypeArb, flip: fc.boolean() }),
        ({ shape, seed, dtype, flip }) => {
          const [l, h] = flip && mirrorable.has(c.name) ? [-hi, -lo] : [lo, hi];
          const x = randomTensor(shape, seed, dtype, l, h);
          const ref = referenceElementwise([x], c.ref);
          const out = c.op(x);
          expect(out.dtype).toBe(dtype);
          expectValues(out, shape, rounded(ref.data, dtype), tolerance(c.rtol, dtype), c.name);
        },
        40,
      );
    });
  }
});

describe('gradients of elementwise ops to second order on random broadcast shapes', () => {
  for (const c of binaryCases.filter((b) => b.differentiable)) {
    it(`${c.name}: checkGrads (forward and reverse, order 2)`, () => {
      const [[alo, ahi], [blo, bhi]] = c.domain ?? [[-2, 2], [-2, 2]];
      property(
        `${c.name} gradients`,
        fc.record({ shapes: broadcastPair(3, 3, false), seed: fc.nat() }),
        ({ shapes: [sa, sb], seed }) => {
          checkGrads(c.op, [randomTensor(sa, seed, 'float64', alo, ahi), randomTensor(sb, seed + 1, 'float64', blo, bhi)], { seed });
        },
        12,
      );
    });
  }

  for (const c of unaryCases.filter((u) => u.differentiable)) {
    it(`${c.name}: checkGrads (forward and reverse, order 2)`, () => {
      const [lo, hi] = c.domain ?? [-2, 2];
      property(
        `${c.name} gradients`,
        fc.record({ shape: nonEmptyShape(), seed: fc.nat(), flip: fc.boolean() }),
        ({ shape, seed, flip }) => {
          const [l, h] = flip && mirrorable.has(c.name) ? [-hi, -lo] : [lo, hi];
          checkGrads(c.op, [randomTensor(shape, seed, 'float64', l, h)], { seed });
        },
        10,
      );
    });
  }

  it('where: checkGrads in both branches', () => {
    property(
      'where gradients',
      fc.record({ shapes: broadcastPair(3, 3, false), seed: fc.nat() }),
      ({ shapes: [sa, sb], seed }) => {
        const cond = gt(randomTensor(sb, seed + 7), 0);
        checkGrads((a, b) => where(cond, a, b), [randomTensor(sa, seed), randomTensor(sb, seed + 1)], { seed });
      },
      6,
    );
  });

  it('gradients on zero-size broadcasts have the shape of each input, and are zero', () => {
    property(
      'zero-size gradients',
      fc.record({ shapes: broadcastPair(3, 2).filter(([a, b]) => size(broadcastResult(a, b) ?? []) === 0), seed: fc.nat(), which: fc.nat({ max: 6 }) }),
      ({ shapes: [sa, sb], seed, which }) => {
        const op = binaryCases.filter((b) => b.differentiable)[which];
        const [ga, gb] = grad((a: Tensor, b: Tensor) => sum(op.op(a, b)), { argnums: [0, 1] })(randomTensor(sa, seed), randomTensor(sb, seed + 1)) as Tensor[];
        expectValues(ga, sa, new Array(size(sa)).fill(0), 0, `${op.name} grad a`);
        expectValues(gb, sb, new Array(size(sb)).fill(0), 0, `${op.name} grad b`);
      },
      40,
    );
  });
});
