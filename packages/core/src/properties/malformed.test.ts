/**
 * Every public function refuses malformed arguments with an error that names the function and the
 * problem (the argument, the offending value or both shapes). The table below has at least one
 * case per runtime export of @jacobi/core (and of nn, optim, data); a test enumerates the exports
 * and fails when one has no case, so a new export cannot be forgotten. Properties then throw
 * random malformed dimensions, non-tensors and out-of-range axes at whole families of functions.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as core from '../index';
import { tensor, zeros, ones, eye, type Tensor } from '../index';
import { property, reportCases } from './generators';

const { nn, optim, data } = core;
reportCases('malformed.test.ts');

/** One malformed call: what is wrong, the call, and what the message must say besides the function's name. */
type Case = [what: string, call: () => unknown, says: RegExp];

const x23 = () => tensor([[1, 2, 3], [4, 5, 6]]);
const v3 = () => tensor([1, 2, 3]);
const sq = () => tensor([[2, 1], [1, 3]]);
const f = (t: Tensor) => t.mul(t).sum();
const notTensor = [1, 2, 3] as unknown as Tensor;
const dataset = () => ({ x: zeros([4, 2]), y: tensor([0, 1, 0, 1]) });
const any = (v: unknown) => v as never;

/** Unary tensor functions all refuse a non-tensor the same way. */
const refusesArray = (call: (x: Tensor) => unknown): Case => ['a plain array for the tensor', () => call(notTensor), /expected a Tensor.*array/];
const badAxis = (call: (x: Tensor) => unknown): Case => ['axis 5 of a 2-d tensor', () => call(x23()), /axis 5 is out of range.*rank 2/];

/** Errors name the function (in its namespace where it has one) as the first word of the message. */
const cases: Record<string, { name?: string; cases: Case[] }> = {
  tensor: { cases: [
    ['a string element', () => tensor(any([1, 'a'])), /element at \[1\] is string/],
    ['a ragged nested array', () => tensor(any([[1, 2], [3]])), /ragged.*expected 2 items, found 1/],
    ['data of the wrong length for the shape', () => tensor([1, 2, 3], { shape: [2, 2] }), /3 elements but shape \[2, 2\] needs 4/],
    ['a fractional dimension', () => tensor([1, 2], { shape: [0.5, 4] }), /dimension 0\.5/],
    ['an unknown dtype', () => tensor([1], { dtype: any('int8') }), /unknown dtype "int8"/],
    ['an Int32Array', () => tensor(any(new Int32Array(2))), /Int32Array is not accepted/],
  ] },
  zeros: { cases: [['a negative dimension', () => zeros([2, -1]), /dimension -1/], ['NaN as a dimension', () => zeros([NaN]), /dimension NaN/]] },
  ones: { cases: [['Infinity as a dimension', () => ones([Infinity]), /dimension Infinity/], ['an unknown dtype', () => ones([2], { dtype: any('float16') }), /unknown dtype "float16"/]] },
  full: { cases: [['a string value', () => core.full([2], any('1')), /value must be a number/], ['a fractional dimension', () => core.full([1.5], 0), /dimension 1\.5/]] },
  zerosLike: { cases: [refusesArray((x) => core.zerosLike(x))] },
  onesLike: { cases: [refusesArray((x) => core.onesLike(x))] },
  eye: { cases: [['a negative size', () => eye(-2), /dimension -2/], ['a fractional size', () => eye(2, 1.5), /dimension 1\.5/]] },
  arange: { cases: [['a zero step', () => core.arange(0, 3, 0), /step must be a nonzero finite number, got 0/], ['an infinite stop', () => core.arange(0, Infinity), /finite.*Infinity/]] },
  linspace: { cases: [['a fractional count', () => core.linspace(0, 1, 2.5), /num must be a non-negative integer, got 2\.5/]] },
  Generator: { cases: [['a NaN seed', () => new core.Generator(NaN), /seed must be a finite number, got NaN/]] },
  manualSeed: { cases: [['an infinite seed', () => core.manualSeed(Infinity), /seed must be a finite number, got Infinity/]] },
  rand: { cases: [['a negative dimension', () => core.rand([-3]), /dimension -3/]] },
  randn: { cases: [['a fractional dimension', () => core.randn([2.2]), /dimension 2\.2/]] },
  uniform: { cases: [['a fractional dimension', () => core.uniform([2.5]), /dimension 2\.5/]] },
  permutation: { cases: [['a negative length', () => core.permutation(-1), /-1/]] },
  astype: { cases: [['an unknown dtype', () => core.astype(v3(), any('int32')), /unknown dtype "int32"/], refusesArray((x) => core.astype(x, 'float32'))] },
  where: { cases: [
    ['shapes that do not broadcast', () => core.where(ones([2]), ones([3]), 0), /cond \[2\], a \[3\] and b \[\] cannot be broadcast/],
    ['a plain array for a', () => core.where(ones([2]), notTensor, 0), /expected a Tensor or a number/],
  ] },
  reshape: { cases: [['an incompatible size', () => core.reshape(x23(), [4, 2]), /shape \[2, 3\] \(6 elements\) into \[4, 2\]/], ['two -1s', () => core.reshape(x23(), [-1, -1]), /only one dimension can be -1/], ['a fractional dimension', () => core.reshape(x23(), [1.5, 4]), /invalid dimension 1\.5/]] },
  expandDims: { cases: [['axis 4 of a 2-d tensor', () => core.expandDims(x23(), 4), /axis 4 is out of range/]] },
  squeeze: { cases: [['an axis that is not of size 1', () => core.squeeze(x23(), 0), /axis 0.*size 2|\[2, 3\]/]] },
  flatten: { cases: [refusesArray((x) => core.flatten(x))] },
  transpose: { cases: [['a non-permutation', () => core.transpose(x23(), [0, 0]), /\[0, 0\] is not a permutation/]] },
  permute: { name: 'transpose', cases: [['a permutation of the wrong length', () => core.permute(x23(), [1, 0, 2]), /\[1, 0, 2\] is not a permutation/]] },
  moveaxis: { cases: [badAxis((x) => core.moveaxis(x, 5, 0))] },
  mT: { cases: [['a vector', () => core.mT(v3()), /at least 2 dimensions, got shape \[3\]/]] },
  broadcastTo: { cases: [['an incompatible target', () => core.broadcastTo(x23(), [2, 4]), /cannot broadcast shape \[2, 3\] to \[2, 4\]/]] },
  matmul: { cases: [['inner dimensions that differ', () => core.matmul(x23(), x23()), /inner dimensions differ: \[2, 3\] @ \[2, 3\]/], ['a scalar', () => core.matmul(tensor(2), v3()), /at least 1 dimension/]] },
  dot: { cases: [['a 3-d operand', () => core.dot(zeros([1, 2, 3]), v3()), /1-D or 2-D, got \[1, 2, 3\]/]] },
  outer: { cases: [['a matrix', () => core.outer(x23(), v3()), /must be vectors, got \[2, 3\] and \[3\]/]] },
  stopGradient: { cases: [refusesArray((x) => core.stopGradient(x))] },
  slice: { cases: [['an index out of range', () => core.slice(x23(), [2]), /index 2 is out of range for axis 0 of shape \[2, 3\]/], ['a zero step', () => core.slice(x23(), [[0, 2, 0]]), /step must be a nonzero integer, got 0/], ['too many indices', () => core.slice(v3(), [0, 0]), /2 indices for a tensor of shape \[3\]/]] },
  index: { name: 'slice|index', cases: [['an index out of range', () => core.index(x23(), -3), /index -3 is out of range/], ['a 0-d tensor', () => core.index(tensor(1), 0), /0-d/]] },
  pad: { cases: [['a negative width', () => core.pad(x23(), [[1, -1]]), /non-negative integers, got \[1, -1\] for axis 0/]] },
  concat: { cases: [['shapes that differ outside the axis', () => core.concat([x23(), v3()]), /tensor 1 has shape \[3\].*\[2, 3\]/], ['an empty list', () => core.concat([]), /non-empty array/]] },
  stack: { cases: [['shapes that differ', () => core.stack([x23(), v3()]), /tensor 1 has shape \[3\] but tensor 0 has \[2, 3\]/], ['a plain array inside', () => core.stack([v3(), notTensor]), /element 1/]] },
  split: { cases: [['sections that do not divide the axis', () => core.split(v3(), 2), /axis 0 of size 3.*into 2 equal parts/]] },
  chunk: { cases: [['zero chunks', () => core.chunk(v3(), 0), /chunks must be a positive integer, got 0/]] },
  take: { cases: [['an index out of range', () => core.take(v3(), [3]), /index 3 is out of range for axis 0 of shape \[3\]/], ['a fractional index', () => core.take(v3(), [0.5]), /indices must be integers, got 0\.5/]] },
  gather: { name: 'take', cases: [['an axis out of range', () => core.gather(v3(), [0], 1), /axis 1 is out of range/]] },
  scatterAdd: { cases: [['values of the wrong shape', () => core.scatterAdd(zeros([3, 2]), [0, 1], zeros([2, 3])), /values have shape \[2, 3\].*needs \[2, 2\]/]] },
  det: { cases: [['a non-square matrix', () => core.det(x23()), /square matrix.*\[2, 3\]/]] },
  inv: { cases: [['a singular matrix', () => core.inv(zeros([2, 2])), /singular/], ['a non-square matrix', () => core.inv(x23()), /square matrix.*\[2, 3\]/]] },
  slogdet: { cases: [['a vector', () => core.slogdet(v3()), /square matrix.*\[3\]/]] },
  solve: { cases: [['b with the wrong number of rows', () => core.solve(sq(), v3()), /a of shape \[2, 2\] needs b with 2 rows, got shape \[3\]/]] },
  diagonal: { cases: [['a fractional offset', () => core.diagonal(sq(), 0.5), /offset must be an integer, got 0\.5/], ['a vector', () => core.diagonal(v3()), /expected a matrix.*\[3\]/]] },
  diag: { cases: [['a 3-d tensor', () => core.diag(zeros([2, 2, 2])), /vector or a matrix, got shape \[2, 2, 2\]/]] },
  trace: { cases: [['a vector', () => core.trace(v3()), /expected a matrix.*\[3\]/]] },
  tril: { cases: [['a vector', () => core.tril(v3()), /expected a matrix.*\[3\]/]] },
  triu: { cases: [['a fractional diagonal', () => core.triu(sq(), 0.5), /k must be an integer, got 0\.5/]] },
  norm: { cases: [['an unsupported ord', () => core.norm(v3(), undefined, false, 3), /ord must be .* got 3/]] },
  clip: { cases: [['lower bound above upper', () => core.clip(v3(), 2, 1), /lower bound 2 is above upper bound 1/]] },
  grad: { cases: [
    ['a non-scalar output', () => core.grad((t: Tensor) => t)(v3()), /must return a scalar, but it returned shape \[3\]/],
    ['argnums out of range', () => core.grad(f, { argnums: 2 })(v3()), /argnums 2 is out of range for 1 argument/],
    ['a non-function', () => core.grad(any(3)), /function/],
  ] },
  valueAndGrad: { name: 'valueAndGrad|grad', cases: [['a non-function', () => core.valueAndGrad(any('f')), /first argument must be a function/], ['a string argument', () => core.valueAndGrad(f)(any('x')), /argument 0\): found a string/]] },
  vjp: { cases: [['a cotangent of the wrong shape', () => core.vjp((t: Tensor) => t.mul(2), v3())[1](ones([2])), /cotangent has shape \[2\] but the output has shape \[3\]/]] },
  jvp: { cases: [['a tangent of the wrong shape', () => core.jvp(f, [v3()], [ones([2])]), /tangent 0 has shape \[2\] but its primal has shape \[3\]/], ['primals that are not an array', () => core.jvp(f, any(v3()), any(v3())), /arrays of arguments/], ['tangent structure that differs', () => core.jvp((a: { w: Tensor }) => a.w.sum(), [{ w: v3() }], any([{ b: v3() }])), /key 'w' is missing|unexpected key 'b'/]] },
  treeFlatten: { cases: [['a string leaf', () => core.treeFlatten({ a: v3(), b: 'x' }), /found a string at \.b/]] },
  treeMap: { cases: [['a null leaf', () => core.treeMap((t) => t, { a: any(null) }), /found null at \.a/]] },
  vmap: { cases: [
    ['inAxes with the wrong length', () => core.vmap((a: Tensor) => a, { inAxes: [0, 0] })(v3()), /inAxes has 2 entries but f was called with 1 argument/],
    ['an inAxes axis out of range', () => core.vmap((a: Tensor) => a, { inAxes: 3 })(v3()), /axis 3|out of range/],
    ['batch sizes that differ', () => core.vmap((a: Tensor, b: Tensor) => a.add(b))(v3(), ones([2])), /3.*2|size/],
  ] },
  jacfwd: { cases: [['argnums out of range', () => core.jacfwd(f, { argnums: [1] })(v3()), /argnums 1 is out of range for 1 argument/]] },
  jacrev: { cases: [['a non-function', () => core.jacrev(any(null)), /first argument must be a function/]] },
  jacobian: { cases: [['an unknown mode', () => core.jacobian(f, { mode: any('sideways') }), /mode must be 'fwd', 'rev' or 'auto', got "sideways"/], ['a fractional chunkSize', () => core.jacobian(f, { chunkSize: 1.5 }), /chunkSize must be a positive integer, got 1\.5/]] },
  hessian: { cases: [['a non-function', () => core.hessian(any('f')), /first argument must be a function/]] },
  hvp: { cases: [['v of a different shape', () => core.hvp(f, v3(), ones([2])), /v \(leaf 0\) has shape \[2\] but should have shape \[3\]/]] },
  vhp: { cases: [['v of a different structure', () => core.vhp((p: { w: Tensor }) => p.w.sum(), { w: v3() }, any({ b: v3() })), /\(v\): key 'w' is missing/]] },
  linearize: { cases: [['a tangent of the wrong shape', () => core.linearize((t: Tensor) => t.mul(2), v3())[1](ones([2])), /the tangents \(leaf 0\) has shape \[2\] but should have shape \[3\]/]] },
  linearTranspose: { cases: [['a cotangent of the wrong shape', () => core.linearTranspose((t: Tensor) => t.mul(2), v3())(ones([2])), /the cotangent \(leaf 0\) has shape \[2\] but should have shape \[3\]/]] },
  customVjp: { cases: [['bwd returning the wrong structure', () => core.grad(core.customVjp((t: Tensor) => t.sum(), (t: Tensor) => [t.sum(), t], () => [v3(), v3()]))(v3()), /bwd must return one cotangent per argument/]] },
  customJvp: { cases: [['a non-function rule', () => core.customJvp(f, any(null)), /jvpRule must be a function, got null/]] },
  checkpoint: { cases: [['a non-function', () => core.checkpoint(any(3)), /f must be a function, got number/]] },
  logAbsDetJacobian: { cases: [['a matrix input', () => core.logAbsDetJacobian((t: Tensor) => t)(x23()), /x must be a vector \(1-D\), got shape \[2, 3\]/], ['an unknown structure', () => core.logAbsDetJacobian((t: Tensor) => t, { structure: any('diagonal') }), /structure must be .* got "diagonal"/]] },
  planChain: { cases: [['an empty chain', () => core.planChain([], v3()), /non-empty array of functions/], ['a link returning a number', () => core.planChain([() => any(1)], v3()), /link 0 .* must return a Tensor/]] },
  ChainPlan: { name: 'ChainPlan|planChain', cases: [['an unknown order', () => core.planChain([(t: Tensor) => t.mul(2)], v3()).jacobian(any('sideways')), /order must be 'optimal', 'forward' or 'reverse', got "sideways"/]] },
  setBackend: { cases: [['an object missing kernels', () => swapBackend(any({ unary: () => undefined })), /not a backend: missing .*binary, where/]] },
  backwardGraph: { cases: [['argnums out of range', () => core.backwardGraph(f, { argnums: [3] })(v3()), /argnums 3 is out of range for 1 argument/]] },
  memoryReport: { cases: [['something that is not a graph', () => core.memoryReport(any({})), /expected a graph from backwardGraph/]] },
  detectAnomaly: { cases: [['a string flag', () => core.detectAnomaly(any('yes')), /enabled must be a boolean/]] },
  withAnomalyDetection: { cases: [['a non-function', () => core.withAnomalyDetection(any(3)), /expected a function to run, got number/]] },

  'nn.Linear': { cases: [['a zero input size', () => nn.Linear(0, 2), /inFeatures must be a positive integer, got 0/], ['a fractional output size', () => nn.Linear(2, 1.5), /outFeatures must be a positive integer, got 1\.5/], ['input with the wrong number of features', () => { const l = nn.Linear(3, 2); return l.apply(l.init({ seed: 0 }), zeros([4, 2])); }, /input has shape \[4, 2\].*3 features/]] },
  'nn.MLP': { cases: [['a single size', () => nn.MLP([3]), /sizes must list at least \[in, out\], got \[3\]/], ['a negative width', () => nn.MLP([2, -1, 1]), /sizes\[1\] must be a positive integer, got -1/]] },
  'nn.Sequential': { cases: [['no layers', () => nn.Sequential([]), /non-empty array of modules/]] },
  'nn.Activation': { cases: [['an unknown activation', () => nn.Activation(any('swish')), /unknown activation 'swish'/]] },
  'nn.glorotUniform': { name: 'uniform', cases: [['a negative dimension', () => nn.glorotUniform([-1, 2], 2, 2, new core.Generator(0), 'float64'), /dimension -1/]] },
  'nn.glorotNormal': { name: 'randn', cases: [['a fractional dimension', () => nn.glorotNormal([1.5], 2, 2, new core.Generator(0), 'float64'), /dimension 1\.5/]] },
  'nn.heUniform': { name: 'uniform', cases: [['an unknown dtype', () => nn.heUniform([2], 2, 2, new core.Generator(0), any('int8')), /unknown dtype "int8"/]] },
  'nn.heNormal': { name: 'randn', cases: [['NaN as a dimension', () => nn.heNormal([NaN], 2, 2, new core.Generator(0), 'float64'), /dimension NaN/]] },
  'nn.zerosInit': { name: 'zeros', cases: [['a negative dimension', () => nn.zerosInit([-2], 2, 2, new core.Generator(0), 'float64'), /dimension -2/]] },
  'nn.relu': { name: 'relu', cases: [refusesArray((x) => nn.relu(x))] },
  'nn.tanh': { name: 'tanh', cases: [refusesArray((x) => nn.tanh(x))] },
  'nn.sigmoid': { name: 'sigmoid', cases: [refusesArray((x) => nn.sigmoid(x))] },
  'nn.gelu': { cases: [refusesArray((x) => nn.gelu(x))] },
  'nn.softplus': { cases: [refusesArray((x) => nn.softplus(x))] },
  'nn.leakyRelu': { cases: [refusesArray((x) => nn.leakyRelu(x))] },
  'nn.identity': { cases: [refusesArray((x) => nn.identity(x))] },
  'nn.mseLoss': { cases: [['shapes that differ', () => nn.mseLoss(x23(), v3()), /prediction has shape \[2, 3\] but target has shape \[3\]/]] },
  'nn.softmaxCrossEntropy': { cases: [['a label out of range', () => nn.softmaxCrossEntropy(x23(), [0, 3]), /label 3 at index 1 is not an integer class in \[0, 3\)/], ['1-d logits', () => nn.softmaxCrossEntropy(v3(), [0]), /logits must be \[batch, classes\], got shape \[3\]/]] },
  'nn.binaryCrossEntropyWithLogits': { cases: [['shapes that differ', () => nn.binaryCrossEntropyWithLogits(v3(), ones([2])), /logits have shape \[3\] but targets have shape \[2\]/]] },
  'nn.oneHot': { cases: [['a fractional label', () => nn.oneHot([0.5], 2), /label 0\.5 at index 0/], ['zero classes', () => nn.oneHot([0], 0), /classes|\[0, 0\)/]] },
  'nn.accuracy': { cases: [['too few labels', () => nn.accuracy(x23(), [0]), /1 labels for logits of shape \[2, 3\]/]] },
  'nn.namedParameters': { cases: [['a string leaf', () => nn.namedParameters({ w: 'x' }), /found a string at \.w/]] },
  'nn.parameterCount': { cases: [['a boolean leaf', () => nn.parameterCount({ w: true }), /found a boolean at \.w/]] },
  'nn.treePaths': { cases: [['a null leaf', () => nn.treePaths({ w: null }), /found null at \.w/]] },

  'optim.SGD': { cases: [['a negative learning rate', () => optim.SGD({ lr: -1 }), /lr must be a positive number, got -1/], ['momentum of 1', () => optim.SGD({ lr: 0.1, momentum: 1 }), /momentum must be in \[0, 1\), got 1/], ['gradients shaped unlike the parameters', () => optim.SGD({ lr: 0.1 }).step({ w: v3() }, { w: ones([2]) }), /parameter 0 has shape \[3\] but its gradient has shape \[2\]/], ['gradients of another structure', () => optim.SGD({ lr: 0.1 }).step({ w: v3() }, any({ b: v3() })), /key 'w' is missing|unexpected key 'b'/]] },
  'optim.Adam': { cases: [['beta of 1', () => optim.Adam({ betas: [1, 0.9] }), /betas\[0\] must be in \[0, 1\), got 1/], ['NaN learning rate', () => optim.Adam({ lr: NaN }), /lr must be a positive number, got NaN/]] },
  'optim.AdamW': { cases: [['negative beta', () => optim.AdamW({ betas: [0.9, -0.1] }), /betas\[1\] must be in \[0, 1\), got -0\.1/]] },
  'optim.train': { cases: [['no loss', () => optim.train(any({ params: {}, optimizer: optim.Adam(), data: dataset() })), /config\.loss must be a function/], ['fractional epochs', () => optim.train({ params: { w: ones([2]) }, loss: (p) => p.w.sum(), optimizer: optim.Adam(), data: dataset(), epochs: 1.5 }), /epochs must be a positive integer, got 1\.5/]] },
  'optim.trainAsync': { name: 'train|trainAsync', cases: [['no optimizer', () => optim.trainAsync(any({ params: {}, loss: () => tensor(0), data: dataset() })), /config\.optimizer is required/]] },

  'data.twoMoons': { cases: [['a fractional n', () => data.twoMoons({ n: 2.5 }), /n must be an integer >= \d+, got 2\.5/]] },
  'data.spirals': { cases: [['a negative n', () => data.spirals({ n: -4 }), /n must be an integer >= \d+, got -4/]] },
  'data.blobs': { cases: [['NaN as n', () => data.blobs({ n: NaN }), /n must be an integer >= \d+, got NaN/]] },
  'data.regression1d': { cases: [['an empty range', () => data.regression1d({ range: [1, 1] }), /range must be \[low, high\] with low < high, got \[1, 1\]/]] },
  'data.trainTestSplit': { cases: [['a non-dataset', () => data.trainTestSplit(any({ x: 1 })), /expected a dataset \{ x, y \} of tensors/], ['a test fraction of 2', () => data.trainTestSplit(dataset(), { testFraction: 2 }), /testFraction.*2/]] },
  'data.batches': { cases: [['a zero batch size', () => [...data.batches(dataset(), { batchSize: 0 })], /batchSize must be a positive integer, got 0/]] },
  'data.subset': { cases: [['a row index out of range', () => data.subset(dataset(), [4]), /row index 4 is out of range for 4 rows/]] },
  'data.takeRows': { cases: [['a row index out of range', () => data.takeRows(zeros([4, 2]), [-5]), /row index -5 is out of range for 4 rows \(shape \[4, 2\]\)/]] },
};

/**
 * Exports with no argument that could be malformed: classes users only meet through `instanceof`,
 * and functions taking no parameters (JavaScript ignores extra arguments, as everywhere).
 */
const noArguments: Record<string, string> = {
  Tensor: 'a class for instanceof and types; tensors are made by tensor(), zeros() ... (cases above)',
  AnomalyError: 'an error class the library throws; users catch it, never construct it',
  backend: 'takes no parameters',
  isAnomalyDetectionEnabled: 'takes no parameters',
  'nn.ReLU': 'takes no parameters',
  'nn.Tanh': 'takes no parameters',
  'nn.Sigmoid': 'takes no parameters',
  'nn.GELU': 'takes no parameters',
  'nn.Softplus': 'takes no parameters',
};

/** setBackend with a restore, so an accepted bad backend cannot break the tests that follow. */
function swapBackend(b: core.Backend): void {
  const before = core.backend();
  try {
    core.setBackend(b);
  } finally {
    core.setBackend(before);
  }
}

const registered = (name: string) => cases[name] ?? cases[name.replace(/^(nn|optim|data)\./, '')];

// the element-wise, reduction and shape functions get their cases from the properties below
const unaryNames = ['neg', 'exp', 'log', 'log1p', 'sin', 'cos', 'tanh', 'sqrt', 'abs', 'sigmoid', 'relu', 'sign', 'step', 'square'] as const;
const binaryNames = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const;
const reductionNames = ['sum', 'mean', 'max', 'min', 'prod', 'variance', 'logsumexp', 'softmax', 'logSoftmax'] as const;
const byProperty = new Set<string>([...unaryNames, ...binaryNames, ...reductionNames]);

/** The runtime function exports of the package and its namespaces, as 'name' or 'nn.name'. */
function exportedFunctions(): string[] {
  const names: string[] = [];
  const visit = (ns: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(ns)) if (typeof v === 'function') names.push(prefix + k);
  };
  visit(core as unknown as Record<string, unknown>, '');
  visit(nn as unknown as Record<string, unknown>, 'nn.');
  visit(optim as unknown as Record<string, unknown>, 'optim.');
  visit(data as unknown as Record<string, unknown>, 'data.');
  return names;
}

/** Runs a case (awaiting a returned promise) and returns the error it raised, or undefined. */
async function errorOf(call: () => unknown): Promise<Error | undefined> {
  try {
    await call();
  } catch (e) {
    return e as Error;
  }
  return undefined;
}

/** The message must start with the function's name (optionally its namespace) and say `says`. */
function expectNamedError(e: Error | undefined, fn: string, says: RegExp, what: string): void {
  expect(e, `${fn} accepted ${what}`).toBeInstanceOf(Error);
  const short = fn.replace(/^(nn|optim|data)\./, '');
  const head = new RegExp(`^(?:(?:nn|optim|data)\\.)?(?:${registered(fn)?.name ?? short})\\b`);
  expect((e as Error).message, `${fn} given ${what}`).toMatch(head);
  expect((e as Error).message, `${fn} given ${what}`).toMatch(says);
}

describe('every public function refuses malformed arguments with an error naming the problem', () => {
  it('every runtime export has a malformed-argument case', () => {
    for (const [n, why] of Object.entries(noArguments)) expect(exportedFunctions(), `${n} (${why}) is no longer exported`).toContain(n);
    const missing = exportedFunctions().filter((n) => !byProperty.has(n) && registered(n) === undefined && !(n in noArguments));
    expect(missing, 'exports without a malformed-argument case in properties/malformed.test.ts').toEqual([]);
  });

  for (const [fn, entry] of Object.entries(cases)) {
    it(fn, async () => {
      for (const [what, call, says] of entry.cases) expectNamedError(await errorOf(call), fn, says, what);
    });
  }
});

describe('random malformed arguments', () => {
  /** Dimensions that are not non-negative integers. */
  const badDim = fc.oneof(
    fc.integer({ min: -1000, max: -1 }),
    fc.double({ min: 0.01, max: 100, noNaN: true }).filter((d) => !Number.isInteger(d)),
    fc.constantFrom(NaN, Infinity, -Infinity),
  );
  /** A valid shape with one bad dimension spliced in somewhere. */
  const badShape = fc.tuple(fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }), badDim, fc.nat()).map(([s, d, at]) => {
    const out: number[] = s.slice();
    out.splice(at % (s.length + 1), 0, d);
    return { shape: out, bad: d };
  });
  const shapeTakers: [string, (s: number[]) => unknown][] = [
    ['zeros', (s) => zeros(s)],
    ['ones', (s) => ones(s)],
    ['full', (s) => core.full(s, 1)],
    ['rand', (s) => core.rand(s)],
    ['randn', (s) => core.randn(s)],
    ['uniform', (s) => core.uniform(s)],
    ['tensor', (s) => tensor([], { shape: s })],
    ['reshape', (s) => core.reshape(zeros([0]), s)],
    ['broadcastTo', (s) => core.broadcastTo(tensor(1), s)],
  ];

  it('negative, fractional, NaN and infinite dimensions are refused, naming the function and the value', () => {
    property(
      'malformed dimensions',
      fc.record({ taker: fc.constantFrom(...shapeTakers), bad: badShape }),
      ({ taker: [name, make], bad: { shape, bad } }) => {
        fc.pre(!(name === 'reshape' && bad === -1)); // reshape's -1 means "infer this dimension"
        let error: Error | undefined;
        try {
          make(shape);
        } catch (e) {
          error = e as Error;
        }
        expect(error, `${name}(${JSON.stringify(shape)}) was accepted`).toBeInstanceOf(Error);
        expect(error?.message).toMatch(new RegExp(`^${name}\\b`));
        expect(error?.message).toContain(String(bad));
      },
      300,
    );
  });

  const nonTensor = fc.constantFrom<unknown>(null, undefined, 'x', true, {}, [1, 2], new Float64Array(2), () => 1);

  it('unary, binary and reduction functions refuse non-tensors, naming the function', () => {
    const fns: [string, (v: unknown) => unknown][] = [
      ...unaryNames.map((n): [string, (v: unknown) => unknown] => [n, (v) => (core[n] as (x: unknown) => unknown)(v)]),
      ...binaryNames.flatMap((n): [string, (v: unknown) => unknown][] => [
        [n, (v) => (core[n] as (a: unknown, b: unknown) => unknown)(v, v3())],
        [n, (v) => (core[n] as (a: unknown, b: unknown) => unknown)(v3(), v)],
      ]),
      ...reductionNames.map((n): [string, (v: unknown) => unknown] => [n, (v) => (core[n] as (x: unknown) => unknown)(v)]),
    ];
    property(
      'non-tensor arguments',
      fc.record({ fn: fc.constantFrom(...fns), value: nonTensor }),
      ({ fn: [name, call], value }) => {
        let error: Error | undefined;
        try {
          call(value);
        } catch (e) {
          error = e as Error;
        }
        expect(error, `${name} accepted ${String(value)}`).toBeInstanceOf(Error);
        expect(error?.message).toMatch(new RegExp(`^${name}: expected a Tensor`));
      },
      300,
    );
  });

  it('out-of-range and fractional axes are refused by reductions, naming the axis and the rank', () => {
    const axis = fc.oneof(fc.integer({ min: 2, max: 50 }), fc.integer({ min: -50, max: -3 }), fc.constantFrom(0.5, NaN, Infinity));
    property(
      'malformed axes',
      fc.record({ fn: fc.constantFrom(...reductionNames), axis }),
      ({ fn, axis: a }) => {
        expect(() => (core[fn] as (x: Tensor, axis: number) => unknown)(x23(), a)).toThrow(new RegExp(`^${fn}: axis ${a} is out of range for a tensor of rank 2`));
      },
      200,
    );
  });

  it('shapes that do not broadcast are refused by binary functions, naming both shapes', () => {
    property(
      'non-broadcasting shapes',
      fc.record({ fn: fc.constantFrom(...binaryNames), n: fc.integer({ min: 2, max: 4 }), m: fc.integer({ min: 2, max: 4 }), lead: fc.array(fc.integer({ min: 1, max: 2 }), { maxLength: 2 }) }).filter(({ n, m }) => n !== m),
      ({ fn, n, m, lead }) => {
        const [a, b] = [[...lead, n], [m]];
        expect(() => (core[fn] as (a: Tensor, b: Tensor) => unknown)(zeros(a), zeros(b))).toThrow(
          new RegExp(`^${fn}: shapes \\[${a.join(', ')}\\] and \\[${b.join(', ')}\\] cannot be broadcast together`),
        );
      },
      200,
    );
  });

  it('mismatched pytrees are refused by grad, jvp, vjp, vmap and optimizers, naming the key or position', () => {
    const params = { w: ones([2]), b: [ones([1]), ones([3])] };
    const loss = (p: typeof params) => p.w.sum().add(p.b[0].sum()).add(p.b[1].sum());
    // a structure that differs from params: a missing key, an extra key, a shorter list, a leaf replaced by a string;
    // vmap meets the same structures as its inAxes (0 at each tensor)
    const broken = fc.constantFrom<[unknown, RegExp, RegExp]>(
      [{ w: ones([2]) }, /key 'b' is missing/, /keys \{w\} but the value has keys \{w, b\}/],
      [{ ...params, extra: ones([1]) }, /unexpected key 'extra'/, /keys \{w, b, extra\} but the value has keys \{w, b\}/],
      [{ w: ones([2]), b: [ones([1])] }, /\.b.*2 items.*found 1|\.b.*1 item/, /0\.b.*1 item.*2|0\.b/],
      [{ w: 'x', b: params.b }, /string.*\.w|\.w.*string/, /argument 0\.w /],
    );
    const asAxes = (tree: unknown): unknown =>
      tree instanceof core.Tensor ? 0 : Array.isArray(tree) ? tree.map(asAxes) : typeof tree === 'object' && tree !== null ? Object.fromEntries(Object.entries(tree).map(([k, v]) => [k, asAxes(v)])) : tree;
    property(
      'mismatched pytrees',
      fc.record({ other: broken, where: fc.constantFrom('jvp', 'vjp', 'optim', 'vmap') }),
      ({ other: [tree, says, vmapSays], where }) => {
        const call = {
          jvp: () => core.jvp(loss, [params], [tree as typeof params]),
          vjp: () => core.vjp((p: typeof params) => p, params)[1](tree as typeof params),
          optim: () => optim.SGD({ lr: 0.1 }).step(params, tree as typeof params),
          vmap: () => core.vmap((p: typeof params) => p, { inAxes: [asAxes(tree) as never] })(params),
        }[where];
        let error: Error | undefined;
        try {
          call();
        } catch (e) {
          error = e as Error;
        }
        expect(error, `${where} accepted a mismatched tree`).toBeInstanceOf(Error);
        expect(error?.message).toMatch(where === 'optim' ? /^optim\.SGD/ : new RegExp(`^${where}\\b`));
        expect(error?.message).toMatch(where === 'vmap' ? vmapSays : says);
      },
      100,
    );
  });
});
