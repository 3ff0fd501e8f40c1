/**
 * @jacobi/core: n-d tensors with reverse-mode (VJP) and forward-mode (JVP) automatic
 * differentiation, in the style of JAX and PyTorch.
 */
export { Tensor, tensor, type NestedArray, type TensorLike, type TensorOptions } from './tensor';
export type { DType, TypedArray } from './dtype';
export { zeros, ones, full, zerosLike, onesLike, eye, arange, linspace } from './creation';
export { Generator, manualSeed, rand, randn, uniform, permutation, type RandomOptions } from './random';

export { astype } from './ops/astype';
export { neg, exp, log, log1p, sin, cos, tanh, sqrt, abs, sigmoid, relu, sign, step, square } from './ops/unary';
export { add, sub, mul, div, pow, maximum, minimum, eq, ne, lt, le, gt, ge } from './ops/binary';
export { where } from './ops/where';
export { sum, mean, max, min, prod, variance, logsumexp, softmax, logSoftmax, type Axis } from './ops/reduce';
export { reshape, expandDims, squeeze, flatten } from './ops/reshape';
export { transpose, permute, moveaxis, mT } from './ops/transpose';
export { broadcastTo } from './ops/broadcast';
export { matmul, dot, outer } from './ops/matmul';
export { stopGradient } from './ops/stop_gradient';
export { slice, index, pad, type SliceIndex, type SliceRange } from './ops/slice';
export { concat, stack, split, chunk } from './ops/concat';
export { take, gather, scatterAdd, type Indices } from './ops/gather';
export { det, inv, slogdet, solve } from './ops/linalg';
export { diagonal, diag, trace, tril, triu, norm } from './ops/matrix';
export { clip } from './ops/clip';

export { grad, valueAndGrad, vjp, jvp, type GradOptions, type Pullback } from './transforms/autodiff';
export { treeFlatten, treeMap, type Tree } from './transforms/tree';
export { vmap, type VmapOptions, type AxisSpec } from './transforms/vmap';
export { jacfwd, jacrev, jacobian, DEFAULT_MAX_JACOBIAN_BYTES, type JacobianOptions, type JacobianModeOptions } from './transforms/jacobian';
export { hessian, hvp, vhp, linearize, linearTranspose } from './transforms/hessian';
export { customVjp, customJvp, checkpoint } from './transforms/custom';
export { logAbsDetJacobian, type JacobianStructure, type LogAbsDetOptions } from './transforms/log_det';
export { planChain, ChainPlan, type ChainLink, type ChainTree, type OrderCost, type ChainExplanation, type PlanChainOptions } from './transforms/chain';

export { backend, setBackend, type Backend } from './backend';

/** Neural networks: modules, initializers, activations, losses (see {@link nn.MLP}). */
export * as nn from './nn';
/** Seeded synthetic datasets, train/test split and mini-batching. */
export * as data from './data';
/** Optimizers (SGD, Adam, AdamW) over pytrees of parameters, and a training loop with callbacks. */
export * as optim from './optim';
/** The backward graph and memory of reverse mode as plain data. */
export { backwardGraph, memoryReport, type BackwardGraph, type BackwardGraphOptions, type GraphNode, type GraphEdge, type GraphTotals, type SavedTensor, type NodeKind, type GradSummary, type MemoryReport, type MemoryRow } from './graph';
/** Anomaly detection: name the first op whose forward or backward pass produced NaN/Inf. */
export { detectAnomaly, withAnomalyDetection, isAnomalyDetectionEnabled, AnomalyError } from './debug/anomaly';
