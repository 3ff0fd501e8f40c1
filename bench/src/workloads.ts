/**
 * The workloads every library runs, their inputs, and what each returns for the agreement check.
 * Inputs are generated once by the harness (seeded) and handed to every child process as files,
 * so all peers compute on the very same numbers.
 */

/** Element types measured; TensorFlow.js has no float64. */
export type DType = 'float32' | 'float64';
export const DTYPES: readonly DType[] = ['float32', 'float64'];

/** What a workload computes. */
export type WorkloadKind = 'matmul' | 'mlp' | 'jacrev' | 'jacfwd';

/** One measured computation. `n` is the matrix size (matmul, Jacobians). */
export interface Workload {
  id: string;
  kind: WorkloadKind;
  n: number;
  /** How its figure is reported: throughput (higher is better) or time (lower is better). */
  unit: 'GFLOP/s' | 'ms';
  /** Names of the arrays it returns, in order: each becomes one group of the agreement check. */
  outputs: readonly string[];
}

/** The MLP of the issue: 784-256-256-10, tanh, batch 128, softmax cross-entropy. */
export const MLP = { batch: 128, sizes: [784, 256, 256, 10] } as const;
/** Parameter names of the MLP, in the order every library returns their gradients. */
export const MLP_PARAMS = ['W1', 'b1', 'W2', 'b2', 'W3', 'b3'] as const;

function matmul(n: number): Workload {
  return { id: `matmul-${n}`, kind: 'matmul', n, unit: 'GFLOP/s', outputs: ['C'] };
}
function jacobian(kind: 'jacrev' | 'jacfwd', n: number): Workload {
  return { id: `${kind}-${n}`, kind, n, unit: 'ms', outputs: ['J'] };
}
const mlp: Workload = { id: 'mlp', kind: 'mlp', n: MLP.batch, unit: 'ms', outputs: ['loss', ...MLP_PARAMS.map((p) => `d${p}`)] };

/** All workloads, or the smaller set of `--quick`. */
export function workloads(quick: boolean): Workload[] {
  const matmulSizes = quick ? [256, 512] : [256, 512, 1024];
  const jacobianSizes = quick ? [256] : [256, 1024];
  return [
    ...matmulSizes.map(matmul),
    mlp,
    ...jacobianSizes.map((n) => jacobian('jacrev', n)),
    ...jacobianSizes.map((n) => jacobian('jacfwd', n)),
  ];
}

/** Keeps the workloads that `--only` names: a family (matmul, mlp, jacrev, jacfwd, jacobian) or an id. */
export function selectWorkloads(all: readonly Workload[], only: readonly string[] | undefined): Workload[] {
  if (!only || only.length === 0) return [...all];
  const picked = all.filter((w) => only.some((o) => o === w.id || o === w.kind || (o === 'jacobian' && w.kind !== 'matmul' && w.kind !== 'mlp')));
  if (picked.length === 0) {
    throw new Error(`--only ${only.join(',')}: matches no workload; choose from matmul, mlp, jacobian, jacrev, jacfwd or an id (${all.map((w) => w.id).join(', ')})`);
  }
  return picked;
}

/** One named input array: row-major float64 values and a shape. */
export interface InputArray {
  shape: number[];
  data: Float64Array;
}
export type Inputs = Record<string, InputArray>;

/**
 * A small seeded generator (mulberry32 + Box–Muller): the harness owns its inputs, so they do not
 * change when a library changes its own random number generator.
 */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  uniform(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Standard normal. */
  normal(): number {
    const u = 1 - this.uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.uniform());
  }
  /** An array of normals times `scale`. */
  normals(shape: number[], scale = 1): InputArray {
    const data = new Float64Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = this.normal() * scale;
    return { shape, data };
  }
}

/** Which inputs a workload uses: jacrev and jacfwd of the same size share theirs. */
export function inputKey(w: Workload): string {
  return w.kind === 'jacrev' || w.kind === 'jacfwd' ? `jacobian-${w.n}` : w.id;
}

/** The inputs of a workload, the same for every library (seeded by its {@link inputKey}). */
export function makeInputs(w: Workload): Inputs {
  const rng = new Rng([...inputKey(w)].reduce((h, c) => Math.imul(h, 31) + c.charCodeAt(0), 7));
  switch (w.kind) {
    case 'matmul':
      return { A: rng.normals([w.n, w.n]), B: rng.normals([w.n, w.n]) };
    case 'jacrev':
    case 'jacfwd':
      return { W: rng.normals([w.n, w.n], 1 / Math.sqrt(w.n)), x: rng.normals([w.n]) };
    case 'mlp': {
      const [d0, d1, d2, d3] = MLP.sizes;
      const labels = new Float64Array(MLP.batch * d3);
      for (let i = 0; i < MLP.batch; i++) labels[i * d3 + Math.floor(rng.uniform() * d3)] = 1;
      return {
        X: rng.normals([MLP.batch, d0]),
        Y: { shape: [MLP.batch, d3], data: labels },
        W1: rng.normals([d0, d1], 1 / Math.sqrt(d0)),
        b1: rng.normals([d1], 0.1),
        W2: rng.normals([d1, d2], 1 / Math.sqrt(d1)),
        b2: rng.normals([d2], 0.1),
        W3: rng.normals([d2, d3], 1 / Math.sqrt(d2)),
        b3: rng.normals([d3], 0.1),
      };
    }
  }
}

/** Floating-point operations of a workload, for GFLOP/s (matmul only: 2n³). */
export function flops(w: Workload): number {
  return 2 * w.n ** 3;
}
