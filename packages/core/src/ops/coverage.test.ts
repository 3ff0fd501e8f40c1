/**
 * One table over every op the core promises (issue 2's list): each is checked in one place for
 * derivatives in both modes to second order on non-square, broadcasting inputs, and for a method
 * form that equals its function form. The per-op test files go deeper; this table keeps any op
 * from slipping through.
 */
import { describe, expect, it } from 'vitest';
import * as core from '../index';
import {
  abs, add, broadcastTo, concat, cos, det, div, dot, eq, exp, expandDims, eye, ge, grad, gt, index, inv, jvp, le, log, log1p,
  logSoftmax, logsumexp, lt, matmul, max, maximum, mean, min, minimum, mul, ne, neg, outer, permute, pow, prod, randn, relu,
  reshape, sigmoid, sin, slice, slogdet, softmax, solve, sqrt, square, squeeze, stack, sub, sum, take, gather, tanh, Tensor,
  transpose, vjp, where,
} from '../index';
import { checkGrads, type CheckGradsOptions } from '../testing';

const r = (shape: number[], seed: number) => randn(shape, { seed });
const positive = (shape: number[], seed: number) => add(abs(r(shape, seed)), 0.5);
/** Away from 0, where abs and relu have kinks. */
const nonzero = (shape: number[], seed: number) => {
  const x = r(shape, seed);
  return add(x, mul(where(gt(x, 0), 1, -1), 0.3));
};
const wellConditioned = (shape: number[], seed: number) => add(r(shape, seed), mul(eye(shape[shape.length - 1]), 3));

interface Case {
  name: string;
  f: (...xs: Tensor[]) => Tensor;
  args: Tensor[];
  /** The same computation through the method form; null where there is none, with the reason. */
  method: ((...xs: Tensor[]) => Tensor) | null;
  /** Why there is no method form (required when method is null). */
  noMethod?: string;
  options?: CheckGradsOptions;
}

const call = (x: Tensor, name: string, ...rest: unknown[]) => (x as unknown as Record<string, (...a: unknown[]) => Tensor>)[name](...rest);
const unaryCase = (name: string, f: (x: Tensor) => Tensor, x: Tensor): Case => ({ name, f, args: [x], method: (x) => call(x, name) });
const binaryCase = (name: string, f: (a: Tensor, b: Tensor) => Tensor, a: Tensor, b: Tensor): Case => ({
  name, f, args: [a, b], method: (a, b) => call(a, name, b),
});
const cond = gt(r([2, 1], 99), 0.1);

const cases: Case[] = [
  // elementwise: [2, 3] inputs; binary ops broadcast [2, 3] with [3] or [2, 1] with [1, 3]
  binaryCase('add', add, r([2, 3], 1), r([3], 2)),
  binaryCase('sub', sub, r([2, 1], 3), r([1, 3], 4)),
  binaryCase('mul', mul, r([2, 3], 5), r([2, 1], 6)),
  binaryCase('div', div, r([3], 7), positive([2, 3], 8)),
  unaryCase('neg', neg, r([2, 3], 9)),
  binaryCase('pow', pow, positive([2, 3], 10), r([3], 11)),
  unaryCase('exp', exp, r([2, 3], 12)),
  unaryCase('log', log, positive([2, 3], 13)),
  unaryCase('log1p', log1p, positive([2, 3], 14)),
  unaryCase('sin', sin, r([2, 3], 15)),
  unaryCase('cos', cos, r([2, 3], 16)),
  unaryCase('tanh', tanh, r([2, 3], 17)),
  unaryCase('sigmoid', sigmoid, r([2, 3], 18)),
  unaryCase('relu', relu, nonzero([2, 3], 19)),
  unaryCase('abs', abs, nonzero([2, 3], 20)),
  unaryCase('sqrt', sqrt, positive([2, 3], 21)),
  unaryCase('square', square, r([2, 3], 22)),
  binaryCase('maximum', maximum, r([2, 3], 23), r([1, 3], 24)),
  binaryCase('minimum', minimum, r([2, 1], 25), r([2, 3], 26)),
  { name: 'where', f: (a, b) => where(cond, a, b), args: [r([1, 3], 27), r([2, 3], 28)], method: (a, b) => call(a, 'where', cond, b) },
  // reductions over [2, 3, 4], with an axis list, keepdims, and all axes
  { name: 'sum', f: (x) => sum(x, [0, 2]), args: [r([2, 3, 4], 30)], method: (x) => call(x, 'sum', [0, 2]) },
  { name: 'mean', f: (x) => mean(x, 1, true), args: [r([2, 3, 4], 31)], method: (x) => call(x, 'mean', 1, true) },
  { name: 'max', f: (x) => max(x, -1), args: [r([2, 3, 4], 32)], method: (x) => call(x, 'max', -1) },
  { name: 'min', f: (x) => min(x, 0, true), args: [r([2, 3, 4], 33)], method: (x) => call(x, 'min', 0, true) },
  { name: 'prod', f: (x) => prod(x, 2), args: [r([2, 3, 4], 34)], method: (x) => call(x, 'prod', 2) },
  { name: 'logsumexp', f: (x) => logsumexp(x, [1, 2]), args: [r([2, 3, 4], 35)], method: (x) => call(x, 'logsumexp', [1, 2]) },
  { name: 'softmax', f: (x) => softmax(x, 1), args: [r([2, 3, 4], 36)], method: (x) => call(x, 'softmax', 1) },
  { name: 'logSoftmax', f: (x) => logSoftmax(x, -1), args: [r([2, 3, 4], 37)], method: (x) => call(x, 'logSoftmax', -1) },
  // products: matrix, matrix-vector, vector-matrix, batched with broadcast batch axes
  binaryCase('matmul', matmul, r([2, 3], 40), r([3, 4], 41)),
  { name: 'matmul (matrix · vector)', f: matmul, args: [r([2, 3], 42), r([3], 43)], method: (a, b) => call(a, 'matmul', b) },
  { name: 'matmul (batched, broadcast)', f: matmul, args: [r([2, 1, 2, 3], 44), r([3, 3, 4], 45)], method: (a, b) => call(a, 'matmul', b) },
  binaryCase('dot', dot, r([3], 46), r([3, 2], 47)),
  binaryCase('outer', outer, r([2], 48), r([3], 49)),
  // shape
  { name: 'reshape', f: (x) => reshape(x, [3, 2, 2]), args: [r([4, 3], 50)], method: (x) => call(x, 'reshape', [3, 2, 2]) },
  { name: 'transpose', f: (x) => transpose(x), args: [r([2, 3, 4], 51)], method: (x) => call(x, 'transpose') },
  { name: 'permute', f: (x) => permute(x, [1, 2, 0]), args: [r([2, 3, 4], 52)], method: (x) => call(x, 'permute', [1, 2, 0]) },
  { name: 'expandDims', f: (x) => expandDims(x, 1), args: [r([2, 3], 53)], method: (x) => call(x, 'expandDims', 1) },
  { name: 'squeeze', f: (x) => squeeze(x, 1), args: [r([2, 1, 3], 54)], method: (x) => call(x, 'squeeze', 1) },
  { name: 'broadcastTo', f: (x) => broadcastTo(x, [4, 2, 3]), args: [r([2, 1], 55)], method: (x) => call(x, 'broadcastTo', [4, 2, 3]) },
  { name: 'slice', f: (x) => slice(x, [[1, 3], [null, null, 2]]), args: [r([3, 5], 56)], method: (x) => call(x, 'slice', [[1, 3], [null, null, 2]]) },
  { name: 'index', f: (x) => index(x, 1), args: [r([3, 2], 57)], method: (x) => call(x, 'index', 1) },
  { name: 'take', f: (x) => take(x, [2, 0, 2], 1), args: [r([2, 3], 58)], method: (x) => call(x, 'take', [2, 0, 2], 1) },
  { name: 'gather', f: (x) => gather(x, [[1, 0]], 0), args: [r([2, 3], 59)], method: (x) => call(x, 'gather', [[1, 0]], 0) },
  { name: 'concat', f: (a, b) => concat([a, b], 0), args: [r([2, 3], 60), r([1, 3], 61)], method: null, noMethod: 'takes a list of tensors' },
  { name: 'stack', f: (a, b) => stack([a, b], 1), args: [r([2, 3], 62), r([2, 3], 63)], method: null, noMethod: 'takes a list of tensors' },
  // beyond the list: every other public op
  unaryCase('sign', core.sign, nonzero([2, 3], 100)),
  unaryCase('step', core.step, nonzero([2, 3], 101)),
  { name: 'clip', f: (x) => core.clip(x, -0.5, 0.5), args: [r([3, 4], 102)], method: (x) => call(x, 'clip', -0.5, 0.5) },
  { name: 'variance', f: (x) => core.variance(x, [0, 2]), args: [r([2, 3, 4], 103)], method: (x) => call(x, 'variance', [0, 2]) },
  { name: 'norm', f: (x) => core.norm(x, 1, true), args: [r([2, 3], 104)], method: (x) => call(x, 'norm', 1, true) },
  { name: 'flatten', f: (x) => core.flatten(x), args: [r([2, 3, 2], 105)], method: (x) => call(x, 'flatten') },
  { name: 'moveaxis', f: (x) => core.moveaxis(x, 0, 2), args: [r([2, 3, 4], 106)], method: (x) => call(x, 'moveaxis', 0, 2) },
  { name: 'mT', f: (x) => core.mT(x), args: [r([2, 3, 4], 107)], method: (x) => x.mT },
  { name: 'pad', f: (x) => core.pad(x, [[1, 0], [0, 2]]), args: [r([2, 3], 108)], method: (x) => call(x, 'pad', [[1, 0], [0, 2]]) },
  { name: 'split', f: (x) => mul(core.split(x, [1, 3], 1)[1], 2), args: [r([2, 4], 109)], method: (x) => mul((x as unknown as { split(s: number[], a: number): Tensor[] }).split([1, 3], 1)[1], 2) },
  { name: 'chunk', f: (x) => core.chunk(x, 2, 0)[0], args: [r([4, 3], 110)], method: (x) => (x as unknown as { chunk(n: number, a: number): Tensor[] }).chunk(2, 0)[0] },
  { name: 'scatterAdd', f: (t, v) => core.scatterAdd(t, [2, 0, 2], v, 1), args: [r([2, 3], 111), r([2, 3], 112)], method: (t, v) => call(t, 'scatterAdd', [2, 0, 2], v, 1) },
  { name: 'diagonal', f: (x) => core.diagonal(x, 1), args: [r([2, 3, 4], 113)], method: (x) => call(x, 'diagonal', 1) },
  { name: 'diag', f: (x) => core.diag(x), args: [r([3], 114)], method: (x) => call(x, 'diag') },
  { name: 'trace', f: (x) => core.trace(x), args: [r([2, 3, 3], 115)], method: null, noMethod: "a tracer's `trace` property belongs to the autodiff engine" },
  { name: 'tril', f: (x) => core.tril(x, -1), args: [r([3, 4], 116)], method: (x) => call(x, 'tril', -1) },
  { name: 'triu', f: (x) => core.triu(x), args: [r([2, 4, 3], 117)], method: (x) => call(x, 'triu') },
  // a linear map with float32 output: a wide finite-difference step is exact up to float32 rounding
  { name: 'astype', f: (x) => core.astype(x, 'float32'), args: [r([2, 3], 118)], method: (x) => call(x, 'astype', 'float32'), options: { eps: 0.5, atol: 1e-5 } },
  // linear algebra: a batch of matrices, and a solve with a non-square right-hand side
  unaryCase('det', det, wellConditioned([2, 3, 3], 70)),
  unaryCase('inv', inv, wellConditioned([2, 3, 3], 71)),
  binaryCase('solve', solve, wellConditioned([3, 3], 72), r([3, 2], 73)),
  { name: 'slogdet', f: (a) => slogdet(a).logabsdet, args: [wellConditioned([2, 3, 3], 74)], method: (a) => (a as unknown as { slogdet(): { logabsdet: Tensor } }).slogdet().logabsdet },
];

describe('every op of the core', () => {
  for (const c of cases) {
    describe(c.name, () => {
      it('has VJP and JVP rules that pass checkGrads to second order', () => {
        checkGrads(c.f, c.args, { order: 2, ...c.options });
      });
      it(c.method ? 'has a method form equal to the function form' : `has no method form: ${c.noMethod}`, () => {
        if (!c.method) {
          expect(c.noMethod).toBeTruthy();
          return;
        }
        const viaFunction = c.f(...c.args), viaMethod = c.method(...c.args);
        expect(viaMethod.shape).toEqual(viaFunction.shape);
        expect(Array.from(viaMethod.data)).toEqual(Array.from(viaFunction.data));
      });
    });
  }

  it('every public op has a method (or property) of the same name, unless listed here with the reason', () => {
    const noMethod: Record<string, string> = {
      tensor: 'constructs', zeros: 'constructs', ones: 'constructs', full: 'constructs', zerosLike: 'constructs',
      onesLike: 'constructs', eye: 'constructs', arange: 'constructs', linspace: 'constructs', rand: 'constructs',
      randn: 'constructs', uniform: 'constructs', permutation: 'constructs', manualSeed: 'sets the seed',
      concat: 'takes a list', stack: 'takes a list', treeFlatten: 'works on pytrees', treeMap: 'works on pytrees',
      trace: "a tracer's `trace` property belongs to the autodiff engine",
      backend: 'configuration', setBackend: 'configuration', detectAnomaly: 'configuration',
      withAnomalyDetection: 'configuration', isAnomalyDetectionEnabled: 'configuration',
    };
    const transforms = ['grad', 'valueAndGrad', 'vjp', 'jvp', 'vmap', 'jacfwd', 'jacrev', 'jacobian', 'hessian', 'hvp', 'vhp',
      'linearize', 'linearTranspose', 'customVjp', 'customJvp', 'checkpoint', 'logAbsDetJacobian', 'planChain', 'backwardGraph', 'memoryReport'];
    const missing = Object.entries(core)
      .filter(([name, v]) => typeof v === 'function' && /^[a-z]/.test(name))
      .map(([name]) => name)
      .filter((name) => !(name in noMethod) && !transforms.includes(name))
      .filter((name) => !(name in Tensor.prototype)); // `in`: mT is a getter, x.mT
    expect(missing).toEqual([]);
  });

  it('comparisons carry no gradient in either mode, with broadcasting', () => {
    const a = r([2, 3], 80), b = r([3], 81);
    for (const cmp of [eq, ne, lt, le, gt, ge]) {
      const [, tangent] = jvp((x: Tensor, y: Tensor) => cmp(x, y), [a, b], [r([2, 3], 82), r([3], 83)]);
      expect(Array.from(tangent.data)).toEqual([0, 0, 0, 0, 0, 0]);
      const [, pullback] = vjp((x: Tensor, y: Tensor) => mul(cmp(x, y), 2), a, b);
      const [ga, gb] = pullback(r([2, 3], 84));
      expect([ga.shape, gb.shape]).toEqual([[2, 3], [3]]);
      expect([...ga.data, ...gb.data].every((v) => v === 0)).toBe(true);
      expect(grad((x: Tensor) => sum(mul(cmp(x, b), x)))(a).toArray()).toEqual(cmp(a, b).toArray());
    }
  });

  it('the table covers the issue\'s op list', () => {
    const promised = ['add', 'sub', 'mul', 'div', 'neg', 'pow', 'exp', 'log', 'log1p', 'sin', 'cos', 'tanh', 'sigmoid', 'relu', 'abs',
      'sqrt', 'square', 'maximum', 'minimum', 'where', 'sum', 'mean', 'max', 'min', 'prod', 'logsumexp', 'softmax', 'logSoftmax',
      'matmul', 'dot', 'outer', 'reshape', 'transpose', 'permute', 'expandDims', 'squeeze', 'broadcastTo', 'slice', 'concat', 'stack',
      'gather', 'index', 'det', 'inv', 'solve', 'slogdet'];
    const names = new Set(cases.map((c) => c.name));
    expect(promised.filter((p) => !names.has(p))).toEqual([]);
  });
});
