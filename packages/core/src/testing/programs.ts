/**
 * Random programs: small compositions of jacobi's public ops, written as plain JSON so that another
 * implementation (test/oracle/torch_programs.py runs them in PyTorch) can execute the very same
 * program. This file holds the format and the interpreter; programs_generate.ts makes programs.
 *
 * A program names its inputs (shape and float64 values), then a list of steps, each applying one
 * op to earlier values by name, then names its `output` (any tensor) and its `loss` (a scalar
 * computed from the output, for gradients and Hessians).
 */
import {
  Tensor, tensor, eye, neg, exp, log, log1p, sin, cos, tanh, sqrt, abs, sigmoid, relu, square, stopGradient,
  add, sub, mul, div, pow, maximum, minimum, gt, lt, where, sum, mean, max, min, prod, logsumexp, variance, norm,
  softmax, logSoftmax, matmul, dot, outer, reshape, squeeze, transpose, moveaxis, slice, concat, stack, split, take,
  scatterAdd, pad, expandDims, broadcastTo, diagonal, diag, trace, tril, triu, clip, det, inv, solve, slogdet,
  type SliceIndex,
} from '../index';

/** One input of a program: its name, shape and float64 values in row-major order. */
export interface ProgramInput {
  name: string;
  shape: number[];
  data: number[];
}

/**
 * One step: `name = op(...args)`. `args` name earlier values; the other fields are the op's
 * parameters (only those the op reads are present). `scalar` replaces the second operand of a
 * binary op or comparison, or is the multiple of the identity added by `addEye`.
 */
export interface ProgramStep {
  name: string;
  op: OpName;
  args: string[];
  scalar?: number;
  /** Reduction axes (null = all of them); for squeeze, the unit axes to drop (null = all). */
  axes?: number[] | null;
  keepdims?: boolean;
  /** The axis of softmax, concat, stack, split, take, scatterAdd, expandDims; moveaxis's source. */
  axis?: number;
  /** moveaxis's destination. */
  to?: number;
  /** split's cut points along the axis (NumPy's array_split indices) and which piece to keep. */
  cuts?: number[];
  part?: number;
  /** Target shape of reshape and broadcastTo. */
  shape?: number[];
  perm?: number[];
  /** Per-axis slice entries: an index (drops the axis), null (all) or [start, stop, step] with step > 0. */
  index?: (number | null | [number, number, number])[];
  /** take's and scatterAdd's indices: a list or a rectangular list of lists (may repeat, may be negative). */
  indices?: number[] | number[][];
  /** pad's [before, after] for each axis. */
  widths?: [number, number][];
  /** Diagonal offset of diagonal, tril and triu. */
  offset?: number;
  /** variance: divide by n - correction. */
  correction?: number;
  lo?: number;
  hi?: number;
}

/** A random program (see the file comment). */
export interface Program {
  seed: number;
  inputs: ProgramInput[];
  steps: ProgramStep[];
  output: string;
  loss: string;
}

/** What running a program gives: its output tensor, its scalar loss, and every named value. */
export interface ProgramResult {
  output: Tensor;
  loss: Tensor;
  values: Map<string, Tensor>;
}

const axesOf = (s: ProgramStep) => s.axes ?? undefined;

/** How each op runs in jacobi; the keys are the op vocabulary of the JSON format. */
const OPS = {
  neg: ([x]) => neg(x),
  exp: ([x]) => exp(x),
  log: ([x]) => log(x),
  log1p: ([x]) => log1p(x),
  sin: ([x]) => sin(x),
  cos: ([x]) => cos(x),
  tanh: ([x]) => tanh(x),
  sqrt: ([x]) => sqrt(x),
  abs: ([x]) => abs(x),
  sigmoid: ([x]) => sigmoid(x),
  relu: ([x]) => relu(x),
  square: ([x]) => square(x),
  stopGradient: ([x]) => stopGradient(x),
  add: (xs, s) => add(xs[0], second(xs, s)),
  sub: (xs, s) => sub(xs[0], second(xs, s)),
  mul: (xs, s) => mul(xs[0], second(xs, s)),
  div: (xs, s) => div(xs[0], second(xs, s)),
  pow: (xs, s) => pow(xs[0], second(xs, s)),
  maximum: ([a, b]) => maximum(a, b),
  minimum: ([a, b]) => minimum(a, b),
  gt: (xs, s) => gt(xs[0], second(xs, s)),
  lt: (xs, s) => lt(xs[0], second(xs, s)),
  where: ([c, a, b]) => where(c, a, b),
  sum: ([x], s) => sum(x, axesOf(s), s.keepdims),
  mean: ([x], s) => mean(x, axesOf(s), s.keepdims),
  max: ([x], s) => max(x, axesOf(s), s.keepdims),
  min: ([x], s) => min(x, axesOf(s), s.keepdims),
  prod: ([x], s) => prod(x, axesOf(s), s.keepdims),
  logsumexp: ([x], s) => logsumexp(x, axesOf(s), s.keepdims),
  variance: ([x], s) => variance(x, axesOf(s), s.keepdims, s.correction),
  norm: ([x], s) => norm(x, axesOf(s), s.keepdims),
  softmax: ([x], s) => softmax(x, s.axis),
  logSoftmax: ([x], s) => logSoftmax(x, s.axis),
  matmul: ([a, b]) => matmul(a, b),
  dot: ([a, b]) => dot(a, b),
  outer: ([a, b]) => outer(a, b),
  reshape: ([x], s) => reshape(x, need(s.shape, s)),
  squeeze: ([x], s) => squeeze(x, axesOf(s)),
  transpose: ([x], s) => transpose(x, s.perm),
  moveaxis: ([x], s) => moveaxis(x, need(s.axis, s), need(s.to, s)),
  slice: ([x], s) => slice(x, need(s.index, s) as SliceIndex[]),
  concat: (xs, s) => concat(xs, s.axis),
  stack: (xs, s) => stack(xs, s.axis),
  split: ([x], s) => split(x, need(s.cuts, s), s.axis)[need(s.part, s)],
  take: ([x], s) => take(x, need(s.indices, s), s.axis),
  scatterAdd: ([target, values], s) => scatterAdd(target, need(s.indices, s), values, s.axis),
  pad: ([x], s) => pad(x, need(s.widths, s)),
  expandDims: ([x], s) => expandDims(x, need(s.axis, s)),
  broadcastTo: ([x], s) => broadcastTo(x, need(s.shape, s)),
  diagonal: ([x], s) => diagonal(x, s.offset),
  diag: ([x]) => diag(x),
  trace: ([x]) => trace(x),
  tril: ([x], s) => tril(x, s.offset),
  triu: ([x], s) => triu(x, s.offset),
  clip: ([x], s) => clip(x, need(s.lo, s), need(s.hi, s)),
  // A + c·I: how the generator makes matrices well-conditioned before det, inv and solve
  addEye: ([x], s) => add(x, mul(eye(x.shape[x.ndim - 1], undefined, { dtype: x.dtype }), need(s.scalar, s))),
  det: ([x]) => det(x),
  inv: ([x]) => inv(x),
  solve: ([a, b]) => solve(a, b),
  logabsdet: ([x]) => slogdet(x).logabsdet,
} satisfies Record<string, (args: Tensor[], step: ProgramStep) => Tensor>;

/** The name of an op a program step may apply. */
export type OpName = keyof typeof OPS;

/** Every op of the program format, in a stable order (for coverage reports). */
export const OP_NAMES = Object.keys(OPS) as OpName[];

/** A binary op's second operand: the second argument, or the step's scalar. */
function second(args: Tensor[], step: ProgramStep): Tensor | number {
  return args.length > 1 ? args[1] : need(step.scalar, step);
}

/** A parameter the op cannot run without. */
function need<T>(value: T | undefined, step: ProgramStep): T {
  if (value === undefined) throw new Error(`runProgram: step ${step.name} (${step.op}) is missing a parameter`);
  return value;
}

/** Applies one step to the values computed so far. */
export function applyStep(step: ProgramStep, values: ReadonlyMap<string, Tensor>): Tensor {
  const run = OPS[step.op] as ((args: Tensor[], step: ProgramStep) => Tensor) | undefined;
  if (!run) throw new Error(`runProgram: step ${step.name} has unknown op ${JSON.stringify(step.op)}`);
  const args = step.args.map((name) => {
    const v = values.get(name);
    if (!v) throw new Error(`runProgram: step ${step.name} (${step.op}) uses ${name}, which is not defined before it`);
    return v;
  });
  return run(args, step);
}

/** The program's own input values as float64 tensors. */
export function programInputs(program: Program): Tensor[] {
  return program.inputs.map((i) => tensor(Float64Array.from(i.data), { shape: i.shape }));
}

/**
 * Runs `program` on `inputs` (one tensor per program input, in order; they may be tracers of grad,
 * jvp, vmap ...), returning its output, its loss and every named value.
 */
export function runProgram(program: Program, inputs: readonly Tensor[]): ProgramResult {
  if (inputs.length !== program.inputs.length) throw new Error(`runProgram: the program has ${program.inputs.length} inputs but ${inputs.length} tensors were given`);
  const values = new Map<string, Tensor>(program.inputs.map((input, i) => [input.name, inputs[i]]));
  for (const step of program.steps) values.set(step.name, applyStep(step, values));
  const pick = (name: string) => {
    const v = values.get(name);
    if (!v) throw new Error(`runProgram: the program names ${name} as a result, but no step defines it`);
    return v;
  };
  return { output: pick(program.output), loss: pick(program.loss), values };
}
