/**
 * Seeded random programs (see programs.ts for the format). The generator evaluates each step as it
 * builds it and keeps it only if the program stays fair to compare: values finite and moderate,
 * and every op away from where it is not differentiable — relu/abs/clip inputs, maximum/minimum
 * pairs, comparisons and max/min reductions keep a margin from their kinks and ties; log, sqrt,
 * div and pow get a positive (or nonzero) operand by construction; det, inv and solve get a
 * strictly diagonally dominant matrix A + c·I. So finite differences and another library's
 * derivatives all apply, even after the small perturbations checkGrads makes.
 */
import { Generator } from '../random';
import type { Tensor } from '../tensor';
import type { OpName, Program, ProgramStep } from './programs';
import { Builder, MARGIN, broadcast, demand, groups, minAbs, minGap, numbers, size, type Proposal, type Shape } from './programs_builder';

/** Options for {@link generateProgram}. */
export interface GenerateOptions {
  /** How many steps to aim for before the loss (default 6). */
  steps?: number;
  /** Largest number of elements of any value (default 16). */
  maxSize?: number;
  /** Ops to leave out (e.g. stopGradient, whose derivative finite differences cannot see). */
  exclude?: readonly OpName[];
}

/** A random factorization of n into 1 to 3 factors (a reshape target). */
function factorShape(b: Builder, n: number): Shape {
  const dims: Shape = [];
  let rest = n;
  const rank = 1 + b.int(3);
  for (let i = 1; i < rank; i++) {
    const divisors = Array.from({ length: rest }, (_, d) => d + 1).filter((d) => rest % d === 0);
    const d = b.choose(divisors);
    dims.push(d);
    rest /= d;
  }
  return [...dims, rest];
}

/** Random indices into an axis of size n for take and scatterAdd: a list, or a 2-row list of lists. */
function randomIndices(b: Builder, n: number): number[] | number[][] {
  const index = () => b.int(n) - (b.chance(0.2) ? n : 0);
  const cols = 1 + b.int(2);
  return b.chance(0.3) ? Array.from({ length: 2 }, () => Array.from({ length: cols }, index)) : Array.from({ length: 1 + b.int(4) }, index);
}

/** A random permutation of 0..n-1. */
function permutation(b: Builder, n: number): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = b.int(i + 1);
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

const unary = (op: OpName): Proposal => (b) => void b.step(op, [b.pick()]);
const awayFromKink = (op: OpName): Proposal => (b) => {
  const x = b.pick((t) => minAbs(t) >= MARGIN);
  b.step(op, [x]);
};
const positiveUnary = (op: OpName): Proposal => (b) => void b.step(op, [b.positive(b.pick())]);

/** add, sub, mul: a tensor or scalar second operand, broadcasting. */
const arithmetic = (op: OpName): Proposal => (b) => {
  const a = b.pick();
  if (b.chance(0.25)) b.step(op, [a], { scalar: b.choose([-1, 1]) * b.uniform(0.2, 2) });
  else b.step(op, [a, b.partner(b.shape(a))]);
};

const extremum = (op: OpName): Proposal => (b) => {
  const a = b.pick();
  const c = b.partner(b.shape(a));
  demand(minGap(b.value(a), b.value(c)) >= MARGIN);
  b.step(op, [a, c]);
};

/** A reduction over random axes; `fit` rejects inputs where it would be unfair. */
const reduction = (op: OpName, fit: (b: Builder, x: Tensor, axes: number[] | null, params: Partial<ProgramStep>) => void = () => {}): Proposal => (b) => {
  const x = b.pick((t) => t.ndim >= 1);
  const axes = b.axes(b.value(x).ndim);
  const params: Partial<ProgramStep> = { axes, keepdims: b.chance(0.4) };
  fit(b, b.value(x), axes, params);
  b.step(op, [x], params);
};

/** max/min reductions: the extremum of every group is unique by a margin (no ties). */
const uniqueExtremum = (sign: 1 | -1) => (_b: Builder, x: Tensor, axes: number[] | null) => {
  for (const g of groups(x, axes)) {
    const vals = g.map((k) => sign * x.data[k]).sort((p, q) => q - p);
    demand(vals.length === 1 || vals[0] - vals[1] >= MARGIN);
  }
};

/** A square, strictly diagonally dominant matrix (or batch) built from a value: A + c·I. */
function wellConditioned(b: Builder): string {
  const a = b.pick((t) => t.ndim >= 1 && t.shape[t.ndim - 1] <= 4);
  const s = b.shape(a);
  const k = s[s.length - 1];
  const square = s.length === 1 ? b.step('outer', [a, b.input([k])]) : b.step('matmul', [a, b.input([k, s[s.length - 2]])]);
  const m = b.value(square);
  const n = m.shape[m.ndim - 1];
  demand(n <= 4);
  let widest = 0;
  for (let row = 0; row < m.size / n; row++) {
    widest = Math.max(widest, numbers(m).slice(row * n, row * n + n).reduce((acc, v) => acc + Math.abs(v), 0));
  }
  return b.step('addEye', [square], { scalar: widest + b.uniform(0.5, 2) });
}

/** Every op's proposal: the generator draws from these uniformly, so all ops get used. */
const PROPOSALS: Record<OpName, Proposal> = {
  neg: unary('neg'),
  exp: unary('exp'),
  sin: unary('sin'),
  cos: unary('cos'),
  tanh: unary('tanh'),
  sigmoid: unary('sigmoid'),
  square: unary('square'),
  stopGradient: unary('stopGradient'),
  relu: awayFromKink('relu'),
  abs: awayFromKink('abs'),
  log: positiveUnary('log'),
  sqrt: positiveUnary('sqrt'),
  log1p: positiveUnary('log1p'),
  add: arithmetic('add'),
  sub: arithmetic('sub'),
  mul: arithmetic('mul'),
  div: (b) => {
    const a = b.pick();
    if (b.chance(0.25)) b.step('div', [a], { scalar: b.choose([-1, 1]) * b.uniform(0.5, 2) });
    else b.step('div', [a, b.positive(b.partner(b.shape(a)), 0.2)]);
  },
  pow: (b) => {
    const r = b.int(3);
    // an integer power of any value away from 0 (negative bases included), a real power of a
    // positive one, or a positive base to a tensor exponent
    if (r === 0) b.step('pow', [b.pick((t) => minAbs(t) >= 0.2)], { scalar: b.choose([2, 3, -1, -2]) });
    else if (r === 1) b.step('pow', [b.positive(b.pick(), 0.2)], { scalar: b.choose([0.5, 1.5, -0.5, 2.5]) });
    else {
      const base = b.positive(b.pick(), 0.2);
      b.step('pow', [base, b.partner(b.shape(base))]);
    }
  },
  maximum: extremum('maximum'),
  minimum: extremum('minimum'),
  // comparisons appear as conditions of where (see below)
  gt: (b) => PROPOSALS.where(b),
  lt: (b) => PROPOSALS.where(b),
  where: (b) => {
    const x = b.pick();
    const y = b.partner(b.shape(x));
    const shape = broadcast(b.shape(x), b.shape(y))!;
    const p = b.pick((t) => size(broadcast(t.shape, shape) ?? [Infinity]) <= b.maxSize);
    const threshold = b.uniform(-0.5, 0.5);
    demand(minGap(b.value(p), threshold) >= MARGIN);
    const cond = b.step(b.choose(['gt', 'lt'] as const), [p], { scalar: threshold });
    b.step('where', [cond, x, y]);
  },
  sum: reduction('sum'),
  mean: reduction('mean'),
  prod: reduction('prod'),
  logsumexp: reduction('logsumexp'),
  max: reduction('max', (b, x, axes) => uniqueExtremum(1)(b, x, axes)),
  min: reduction('min', (b, x, axes) => uniqueExtremum(-1)(b, x, axes)),
  variance: reduction('variance', (b, x, axes, params) => {
    params.correction = b.choose([0, 1]);
    demand(groups(x, axes)[0].length > (params.correction ?? 0));
  }),
  norm: reduction('norm', (_b, x, axes) => {
    for (const g of groups(x, axes)) demand(Math.hypot(...g.map((k) => x.data[k])) >= 0.1);
  }),
  softmax: (b) => {
    const x = b.pick((t) => t.ndim >= 1);
    const n = b.value(x).ndim;
    b.step('softmax', [x], { axis: b.int(2 * n) - n });
  },
  logSoftmax: (b) => {
    const x = b.pick((t) => t.ndim >= 1);
    const n = b.value(x).ndim;
    b.step('logSoftmax', [x], { axis: b.int(2 * n) - n });
  },
  matmul: (b) => {
    const a = b.pick((t) => t.ndim >= 1);
    const s = b.shape(a);
    const k = s[s.length - 1];
    const m = 1 + b.int(b.maxSize >= 48 ? 6 : 3);
    const right = b.choose([[k], [k, m], [s.length > 2 ? 1 : 2, k, 1 + b.int(2)]]);
    const batchesBroadcast = (t: Tensor) => t.ndim <= 2 || s.length <= 2 || broadcast(s.slice(0, -2), t.shape.slice(0, -2)) !== null;
    const fits = (t: Tensor) => t.ndim >= 1 && t.shape[Math.max(0, t.ndim - 2)] === k && batchesBroadcast(t);
    const existing = [...b.values.keys()].filter((n) => !b.conditions.has(n) && fits(b.value(n)));
    b.step('matmul', [a, existing.length > 0 && b.chance(0.3) ? b.choose(existing) : b.input(right)]);
  },
  outer: (b) => {
    const a = b.pick((t) => t.ndim === 1);
    b.step('outer', [a, b.chance(0.3) ? b.pick((t) => t.ndim === 1) : b.input([1 + b.int(4)])]);
  },
  reshape: (b) => {
    const x = b.pick();
    b.step('reshape', [x], { shape: factorShape(b, b.value(x).size) });
  },
  transpose: (b) => {
    const x = b.pick((t) => t.ndim >= 2);
    b.step('transpose', [x], { perm: permutation(b, b.value(x).ndim) });
  },
  slice: (b) => {
    const x = b.pick((t) => t.ndim >= 1);
    const index = b.shape(x).map((n): number | null | [number, number, number] => {
      const r = b.int(3);
      if (r === 0) return null;
      if (r === 1) return b.int(n) - (b.chance(0.3) ? n : 0);
      const start = b.int(n);
      const stop = start + 1 + b.int(n - start);
      return [b.chance(0.3) ? start - n : start, stop, 1 + b.int(2)];
    });
    b.step('slice', [x], { index });
  },
  concat: (b) => {
    const x = b.pick((t) => t.ndim >= 1);
    const s = b.shape(x);
    const axis = b.int(s.length);
    const fits = (t: Tensor) => t.ndim === s.length && t.shape.every((d, i) => i === axis || d === s[i]);
    const parts = [x, b.pick(fits)];
    if (b.chance(0.3)) parts.push(b.input(s.map((d, i) => (i === axis ? 1 + b.int(2) : d))));
    b.step('concat', parts, { axis: b.chance(0.3) ? axis - s.length : axis });
  },
  stack: (b) => {
    const x = b.pick();
    const s = b.shape(x);
    const other = b.chance(0.5) ? b.pick((t) => t.shape.join() === s.join()) : b.input(s);
    b.step('stack', [x, other], { axis: b.int(s.length + 1) });
  },
  take: (b) => {
    const x = b.pick((t) => t.ndim >= 1);
    const axis = b.int(b.value(x).ndim);
    b.step('take', [x], { indices: randomIndices(b, b.shape(x)[axis]), axis });
  },
  scatterAdd: (b) => {
    const target = b.pick((t) => t.ndim >= 1);
    const s = b.shape(target);
    const axis = b.int(s.length);
    const indices = randomIndices(b, s[axis]);
    const indexShape = Array.isArray(indices[0]) ? [indices.length, (indices[0] as number[]).length] : [indices.length];
    const valuesShape = [...s.slice(0, axis), ...indexShape, ...s.slice(axis + 1)];
    const existing = b.chance(0.3) ? [...b.values.keys()].filter((n) => !b.conditions.has(n) && b.shape(n).join() === valuesShape.join()) : [];
    b.step('scatterAdd', [target, existing.length > 0 ? b.choose(existing) : b.input(valuesShape)], { indices, axis });
  },
  split: (b) => {
    const x = b.pick((t) => t.shape.some((d) => d >= 2));
    const s = b.shape(x);
    const axis = b.choose(s.map((d, i) => (d >= 2 ? i : -1)).filter((i) => i >= 0));
    const cuts = Array.from({ length: s[axis] - 1 }, (_, i) => i + 1).filter(() => b.chance(0.5));
    if (cuts.length === 0) cuts.push(1);
    b.step('split', [x], { cuts, part: b.int(cuts.length + 1), axis });
  },
  squeeze: (b) => {
    const x = b.pick((t) => t.shape.includes(1));
    const units = b.shape(x).map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0);
    const some = units.filter(() => b.chance(0.6));
    b.step('squeeze', [x], { axes: b.chance(0.3) ? null : some.length > 0 ? some : [units[0]] });
  },
  moveaxis: (b) => {
    const x = b.pick((t) => t.ndim >= 2);
    const n = b.value(x).ndim;
    b.step('moveaxis', [x], { axis: b.int(2 * n) - n, to: b.int(2 * n) - n });
  },
  dot: (b) => {
    const a = b.pick((t) => t.ndim === 1 || t.ndim === 2);
    const k = b.shape(a)[b.value(a).ndim - 1];
    b.step('dot', [a, b.input(b.choose([[k], [k, 1 + b.int(3)]]))]);
  },
  diag: (b) => void b.step('diag', [b.pick((t) => t.ndim === 1 || t.ndim === 2)]),
  pad: (b) => {
    const x = b.pick((t) => t.ndim >= 1);
    b.step('pad', [x], { widths: b.shape(x).map((): [number, number] => [b.int(2), b.int(2)]) });
  },
  expandDims: (b) => {
    const x = b.pick((t) => t.ndim <= 3);
    const n = b.value(x).ndim;
    b.step('expandDims', [x], { axis: b.int(2 * n + 2) - n - 1 });
  },
  broadcastTo: (b) => {
    const x = b.pick();
    const s = b.shape(x).map((d) => (d === 1 ? 1 + b.int(3) : d));
    b.step('broadcastTo', [x], { shape: b.chance(0.4) ? [2, ...s] : s });
  },
  diagonal: (b) => void b.step('diagonal', [b.pick((t) => t.ndim >= 2)], { offset: b.int(3) - 1 }),
  trace: (b) => void b.step('trace', [b.pick((t) => t.ndim >= 2)]),
  tril: (b) => void b.step('tril', [b.pick((t) => t.ndim >= 2)], { offset: b.int(3) - 1 }),
  triu: (b) => void b.step('triu', [b.pick((t) => t.ndim >= 2)], { offset: b.int(3) - 1 }),
  clip: (b) => {
    const x = b.pick();
    const lo = b.uniform(-1.5, 0), hi = b.uniform(0, 1.5);
    demand(minGap(b.value(x), lo) >= MARGIN && minGap(b.value(x), hi) >= MARGIN);
    b.step('clip', [x], { lo, hi });
  },
  addEye: (b) => void wellConditioned(b),
  det: (b) => void b.step('det', [wellConditioned(b)]),
  inv: (b) => void b.step('inv', [wellConditioned(b)]),
  logabsdet: (b) => void b.step('logabsdet', [wellConditioned(b)]),
  solve: (b) => {
    const a = wellConditioned(b);
    const s = b.shape(a);
    const n = s[s.length - 1];
    const rhs = s.length === 2 && b.chance(0.5) ? [n] : [...s.slice(0, -2), n, 1 + b.int(2)];
    b.step('solve', [a, b.input(rhs)]);
  },
};

/** How the scalar loss is made from the output: a reduction, often after a nonlinearity. */
const LOSSES: ((b: Builder, out: string) => string)[] = [
  (b, out) => b.step('sum', [out], { axes: null, keepdims: false }),
  (b, out) => b.step('mean', [b.step('square', [out])], { axes: null, keepdims: false }),
  (b, out) => b.step('sum', [b.step('sin', [out])], { axes: null, keepdims: false }),
  (b, out) => b.step('logsumexp', [out], { axes: null, keepdims: false }),
  (b, out) => b.step('sum', [b.step('tanh', [out])], { axes: null, keepdims: false }),
];

/**
 * A random shape with at most `maxSize` elements: rank 0 to 3 with sides up to 4 (7 when maxSize
 * allows), or, for large programs (maxSize >= 512), rank 1 to 3 with sides of 16 to 48.
 */
function randomShape(b: Builder): Shape {
  const big = b.maxSize >= 512;
  const rank = big ? 1 + b.int(3) : b.int(4);
  const shape = Array.from({ length: rank }, () => (big ? 16 + b.int(33) : 1 + b.int(b.maxSize >= 48 ? 7 : 4)));
  return size(shape) <= b.maxSize ? shape : randomShape(b);
}

/**
 * A random program from `seed` (the same seed always gives the same program): one or two inputs,
 * about `steps` ops drawn uniformly from every op of the format, then a scalar loss of the output.
 */
export function generateProgram(seed: number, options: GenerateOptions = {}): Program {
  const b = new Builder(new Generator(seed), options.maxSize ?? 16);
  const target = options.steps ?? 6;
  const ops = (Object.keys(PROPOSALS) as OpName[]).filter((op) => !options.exclude?.includes(op));
  b.input(randomShape(b));
  if (b.chance(0.5)) b.input(randomShape(b));
  for (let tries = 0; b.steps.length < target && tries < 50 * target; tries++) b.tryPropose(PROPOSALS[b.choose(ops)]);
  let output = b.steps.length > 0 ? b.steps[b.steps.length - 1].name : b.step('tanh', [b.pick()]);
  if (b.conditions.has(output)) output = b.step('tanh', [b.pick()]);
  let loss: string | undefined;
  for (let tries = 0; loss === undefined; tries++) {
    if (!b.tryPropose((bb) => (loss = b.choose(LOSSES)(bb, output)))) loss = undefined;
    if (tries >= 100) throw new Error(`generateProgram: no loss fits the output of program ${seed}`);
  }
  return { seed, inputs: b.inputs, steps: b.steps, output, loss };
}
