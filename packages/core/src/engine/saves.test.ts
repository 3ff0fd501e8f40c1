/**
 * Reverse mode keeps exactly what each primitive's `saves` lists. These tests run every VJP rule
 * with inputs and output that record being read, so a rule reading something unsaved (a crash in
 * the backward pass) or a `saves` listing something no rule reads (memory held for nothing) fails.
 */
import { describe, expect, it } from 'vitest';
import type { Tensor } from '../tensor';
import { tensor } from '../tensor';
import { ruleFor, savesInput, type Primitive, type RuleContext } from './primitive';
import * as unary from '../ops/unary';
import * as binary from '../ops/binary';
import * as reduce from '../ops/reduce';
import { whereP } from '../ops/where';
import { broadcastToP } from '../ops/broadcast';
import { reshapeP } from '../ops/reshape';
import { transposeP } from '../ops/transpose';
import { astypeP } from '../ops/astype';
import { stopGradientP } from '../ops/stop_gradient';
import { sliceP, padP } from '../ops/slice';
import { concatP } from '../ops/concat';
import { gatherP, scatterAddP } from '../ops/gather';
import { matmulP } from '../ops/matmul';
import { detP, invP, logAbsDetP, detSignP, solveP } from '../ops/linalg';

const v = tensor([0.5, 1.5, 2.5]);
const w = tensor([2, 0.75, 3]);
const m = tensor([[2, 1], [1, 3]]);
const r = tensor([[1, 2, 3], [4, 5, 6]]);
const idx = { indices: new Int32Array([1, 0, 1]), indexShape: [3], axis: 0, size: 2 };

/** Each primitive with inputs and params it accepts. */
const cases: [Primitive<any>, Tensor[], unknown][] = [
  ...['negP', 'expP', 'logP', 'log1pP', 'sinP', 'cosP', 'tanhP', 'sqrtP', 'absP', 'sigmoidP', 'reluP', 'signP', 'stepP']
    .map((n): [Primitive<any>, Tensor[], unknown] => [(unary as Record<string, unknown>)[n] as Primitive<any>, [v], undefined]),
  ...['addP', 'subP', 'mulP', 'divP', 'powP', 'maxP', 'minP', 'eqP', 'ltP']
    .map((n): [Primitive<any>, Tensor[], unknown] => [(binary as Record<string, unknown>)[n] as Primitive<any>, [v, w], undefined]),
  ...[reduce.sumP, reduce.maxP, reduce.minP, reduce.prodP].map((p): [Primitive<any>, Tensor[], unknown] => [p, [r], { axes: [1], keepdims: false }]),
  [whereP, [tensor([1, 0, 1]), v, w], undefined],
  [broadcastToP, [v], { shape: [2, 3] }],
  [reshapeP, [r], { shape: [3, 2] }],
  [transposeP, [r], { perm: [1, 0] }],
  [astypeP, [v], { dtype: 'float32' }],
  [stopGradientP, [v], undefined],
  [sliceP, [r], { starts: [0, 1], steps: [1, 1], shape: [2, 2] }],
  [padP, [r], { starts: [1, 0], steps: [1, 1], shape: [3, 3] }],
  [concatP, [r, r], { axis: 1 }],
  [gatherP, [m], idx],
  [scatterAddP, [tensor([[1, 2], [3, 4], [5, 6]])], idx],
  [matmulP, [m, r], undefined],
  [detP, [m], undefined],
  [logAbsDetP, [m], undefined],
  [detSignP, [m], undefined],
  [invP, [m], undefined],
  [solveP, [m, r], undefined],
];

/** Runs every VJP rule of `prim` once and returns what they read: input indices and the output. */
function reads(prim: Primitive<any>, inputs: Tensor[], params: unknown): { inputs: number[]; output: boolean } {
  const out = prim.impl(inputs, params);
  const seen = new Set<number>();
  let output = false;
  const tracked = new Proxy(inputs, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) seen.add(Number(key));
      return Reflect.get(target, key, receiver);
    },
  });
  const ctx: RuleContext<unknown> = {
    inputs: tracked,
    get out() {
      output = true;
      return out;
    },
    inputShapes: inputs.map((x) => x.shape),
    params,
  };
  inputs.forEach((_, i) => ruleFor(prim.vjp, i)?.(out, ctx, i));
  return { inputs: [...seen].sort(), output };
}

describe('saves lists exactly what the VJP rules read', () => {
  for (const [prim, inputs, params] of cases) {
    it(prim.name, () => {
      const listed = inputs.flatMap((_, i) => (savesInput(prim, i) ? [i] : []));
      expect(reads(prim, inputs, params)).toEqual({ inputs: listed, output: prim.saves.output });
    });
  }
});
