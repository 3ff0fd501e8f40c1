/**
 * Optimizers over pytrees of parameters. An optimizer keeps its own state (momentum, moment
 * estimates) and `step(params, grads)` returns new parameters of the same structure; tensors are
 * immutable, so the old parameters stay valid. Updates are plain loops over the storage: they are
 * not differentiated, and a training step should not pay for building graph nodes here.
 */
import { Tensor, fromStorage } from '../tensor';
import { allocate, type TypedArray } from '../dtype';
import { treeFlatten, treeLeavesLike } from '../transforms/tree';
import { fmt, shapeEq } from '../shape';

/** Updates parameters from their gradients. */
export interface Optimizer {
  /** Returns the parameters after one update (same structure as `params`). */
  step<P>(params: P, grads: P): P;
  /** Forgets the accumulated state (momentum, moments, step count). */
  reset(): void;
  /** The learning rate; assign to it to schedule it. */
  lr: number;
  /** Number of steps taken since creation or the last reset. */
  readonly steps: number;
}

/** Per-parameter update: writes the new value into `out` given value `p`, gradient `g` and state slots. */
type Update = (p: TypedArray, g: TypedArray, out: TypedArray, state: Float64Array[], t: number) => void;

/** The shared machinery: flattening, structure checks, lazily created state. */
export class PytreeOptimizer implements Optimizer {
  private state: Float64Array[][] | null = null;
  private shapes: (readonly number[])[] = [];
  private t = 0;

  constructor(readonly name: string, public lr: number, private readonly slots: number, private readonly update: (self: PytreeOptimizer) => Update) {
    checkPositive(lr, name, 'lr');
  }

  get steps(): number {
    return this.t;
  }

  step<P>(params: P, grads: P): P {
    const [ps, rebuild] = treeFlatten(params, `${this.name}.step (params)`);
    // matched by key, so grads built in another key order still pair with the right parameter
    const gs = treeLeavesLike(params, grads, `${this.name}.step (grads must match the params)`);
    ps.forEach((p, i) => {
      if (!shapeEq(p.shape, gs[i].shape)) throw new Error(`${this.name}.step: parameter ${i} has shape ${fmt(p.shape)} but its gradient has shape ${fmt(gs[i].shape)}`);
    });
    if (this.state === null) {
      this.state = ps.map((p) => Array.from({ length: this.slots }, () => new Float64Array(p.size)));
      this.shapes = ps.map((p) => p.shape);
    } else if (this.shapes.length !== ps.length || ps.some((p, i) => !shapeEq(p.shape, this.shapes[i]))) {
      throw new Error(`${this.name}.step: the parameters changed structure since the first step; call reset() to start over`);
    }
    this.t++;
    const update = this.update(this);
    const next = ps.map((p, i) => {
      const out = allocate(p.dtype, p.size);
      update(p.data, gs[i].data, out, this.state![i], this.t);
      return fromStorage(out, p.shape) as Tensor;
    });
    return rebuild(next);
  }

  reset(): void {
    this.state = null;
    this.t = 0;
  }
}

function checkPositive(x: number, where: string, what: string): void {
  if (!(Number.isFinite(x) && x > 0)) throw new RangeError(`${where}: ${what} must be a positive number, got ${x}`);
}

function checkFraction(x: number, where: string, what: string): void {
  if (!(x >= 0 && x < 1)) throw new RangeError(`${where}: ${what} must be in [0, 1), got ${x}`);
}

/** Options for {@link SGD}. */
export interface SGDOptions {
  /** Learning rate. */
  lr: number;
  /** Momentum coefficient (default 0: plain gradient descent). */
  momentum?: number;
  /** Use Nesterov momentum (default false). */
  nesterov?: boolean;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay?: number;
}

/** Stochastic gradient descent with optional (Nesterov) momentum, as torch.optim.SGD: v ← μv + g; p ← p − lr·v. */
export function SGD(options: SGDOptions): Optimizer {
  const { lr, momentum = 0, nesterov = false, weightDecay = 0 } = options ?? ({} as SGDOptions);
  checkFraction(momentum, 'optim.SGD', 'momentum');
  return new PytreeOptimizer('optim.SGD', lr, momentum > 0 ? 1 : 0, (self) => (p, g, out, [v]) => {
    for (let i = 0; i < p.length; i++) {
      let d = g[i] + weightDecay * p[i];
      if (v !== undefined) {
        v[i] = momentum * v[i] + d;
        d = nesterov ? d + momentum * v[i] : v[i];
      }
      out[i] = p[i] - self.lr * d;
    }
  });
}

/** Options for {@link Adam} and {@link AdamW}. */
export interface AdamOptions {
  /** Learning rate (default 1e-3). */
  lr?: number;
  /** Decay rates of the first and second moment estimates (default [0.9, 0.999]). */
  betas?: readonly [number, number];
  /** Added to the denominator for stability (default 1e-8). */
  eps?: number;
  /** Adam: L2 penalty added to the gradient (default 0). AdamW: decoupled decay (default 0.01). */
  weightDecay?: number;
}

function adam(name: string, options: AdamOptions, decoupled: boolean): Optimizer {
  const { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = decoupled ? 0.01 : 0 } = options;
  const [b1, b2] = betas;
  checkFraction(b1, name, 'betas[0]');
  checkFraction(b2, name, 'betas[1]');
  return new PytreeOptimizer(name, lr, 2, (self) => (p, g, out, [m, v], t) => {
    const c1 = 1 - b1 ** t;
    const c2 = 1 - b2 ** t;
    for (let i = 0; i < p.length; i++) {
      const gi = decoupled ? g[i] : g[i] + weightDecay * p[i];
      m[i] = b1 * m[i] + (1 - b1) * gi;
      v[i] = b2 * v[i] + (1 - b2) * gi * gi;
      const decay = decoupled ? self.lr * weightDecay * p[i] : 0;
      out[i] = p[i] - decay - (self.lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + eps);
    }
  });
}

/** Adam (Kingma & Ba), with bias-corrected moment estimates, as torch.optim.Adam. */
export function Adam(options: AdamOptions = {}): Optimizer {
  return adam('optim.Adam', options, false);
}

/** AdamW (Loshchilov & Hutter): Adam with weight decay applied to the parameters, not the gradient. */
export function AdamW(options: AdamOptions = {}): Optimizer {
  return adam('optim.AdamW', options, true);
}
