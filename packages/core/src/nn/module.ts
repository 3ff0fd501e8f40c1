/**
 * Modules, in the functional style of JAX/Flax: a module is a light description of a layer. Its
 * parameters live outside it, as a plain nested structure (pytree) of tensors made by
 * `module.init({ seed })`, and `module.apply(params, x)` is a pure function of them. So
 * `grad((p) => loss(model.apply(p, x), y))(params)` gives gradients shaped like `params`, and a
 * parameter's name is its path in that structure (`layers.0.weight`).
 */
import type { Tensor } from '../tensor';
import type { DType } from '../dtype';
import { Generator } from '../random';
import { add } from '../ops/binary';
import { matmul } from '../ops/matmul';
import { fmt } from '../shape';
import { requireTensor } from '../ops/util';
import { resolveInit, zerosInit, type InitName, type Initializer } from './init';
import { resolveActivation, type ActivationName } from './activations';

/** Parameters: tensors in arrays and plain objects, nested. */
export type Params = Tensor | readonly Params[] | { readonly [name: string]: Params };

/** How to draw initial parameters. */
export interface InitOptions {
  /** Seed for a fresh generator (default 0). */
  seed?: number;
  /** Draw from this generator instead (advancing it). */
  generator?: Generator;
  /** Element type of the parameters (default float64). */
  dtype?: DType;
}

/** A layer or model: `init` draws parameters, `apply` runs the layer with them (a pure function). */
export interface Module<P = Params> {
  /** A short description, e.g. `Linear(2 → 32)`. */
  readonly name: string;
  /** Draws fresh parameters. */
  init(options?: InitOptions): P;
  /** Runs the layer on `x` (batch first) with `params`. */
  apply(params: P, x: Tensor): Tensor;
}

/** Resolves `{ seed | generator }` to a generator and a dtype. */
function drawFrom(options: InitOptions = {}): { generator: Generator; dtype: DType } {
  return { generator: options.generator ?? new Generator(options.seed ?? 0), dtype: options.dtype ?? 'float64' };
}

/** Parameters of a {@link Linear} layer. */
export type LinearParams = {
  /** Shape [in, out]. */
  readonly weight: Tensor;
  /** Shape [out] (absent with `bias: false`). */
  readonly bias?: Tensor;
};

/** Options for {@link Linear}. */
export interface LinearOptions {
  /** Add a bias (default true). */
  bias?: boolean;
  /** Weight initializer (default Glorot uniform). */
  init?: InitName | Initializer;
  /** Bias initializer (default zeros). */
  biasInit?: InitName | Initializer;
}

/**
 * A fully connected layer, y = x·W + b, with W of shape [in, out] (the JAX/Flax layout, so a
 * batch of row vectors needs no transpose).
 */
export function Linear(inFeatures: number, outFeatures: number, options: LinearOptions = {}): Module<LinearParams> {
  for (const [what, n] of [['inFeatures', inFeatures], ['outFeatures', outFeatures]] as const) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`nn.Linear: ${what} must be a positive integer, got ${n}`);
  }
  const init = resolveInit(options.init ?? 'glorot', 'nn.Linear');
  const biasInit = resolveInit(options.biasInit ?? zerosInit, 'nn.Linear');
  const withBias = options.bias ?? true;
  return {
    name: `Linear(${inFeatures} → ${outFeatures})`,
    init(opts) {
      const { generator, dtype } = drawFrom(opts);
      const weight = init([inFeatures, outFeatures], inFeatures, outFeatures, generator, dtype);
      if (!withBias) return { weight };
      return { weight, bias: biasInit([outFeatures], inFeatures, outFeatures, generator, dtype) };
    },
    apply(params, x) {
      const name = `nn.Linear(${inFeatures} → ${outFeatures})`;
      requireTensor(x, name, 'the input');
      requireTensor(params?.weight, name, 'params.weight');
      if (withBias) requireTensor(params.bias, name, 'params.bias');
      const last = x.shape[x.ndim - 1];
      if (x.ndim === 0 || last !== inFeatures) {
        throw new Error(`${name}: input has shape ${fmt(x.shape)}, but its last axis must have ${inFeatures} features`);
      }
      const y = matmul(x, params.weight);
      return params.bias === undefined ? y : add(y, params.bias);
    },
  };
}

/** A parameter-free layer applying an activation function. */
export function Activation(activation: ActivationName | ((x: Tensor) => Tensor)): Module<Record<string, never>> {
  const f = resolveActivation(activation, 'nn.Activation');
  const name = typeof activation === 'string' ? activation : activation.name || 'activation';
  return { name, init: () => ({}), apply: (_params, x) => f(x) };
}

/** ReLU layer. */ export const ReLU = () => Activation('relu');
/** tanh layer. */ export const Tanh = () => Activation('tanh');
/** Sigmoid layer. */ export const Sigmoid = () => Activation('sigmoid');
/** GELU layer (tanh approximation). */ export const GELU = () => Activation('gelu');
/** Softplus layer. */ export const Softplus = () => Activation('softplus');

/**
 * Layers applied in order. Its parameters are an array with one entry per layer (an empty object
 * for parameter-free layers), so they are named `0.weight`, `2.bias`, … as in PyTorch.
 */
export function Sequential(layers: readonly Module<any>[]): Module<unknown[]> {
  if (!Array.isArray(layers) || layers.length === 0) throw new Error('nn.Sequential: expected a non-empty array of modules');
  return {
    name: `Sequential(${layers.map((l) => l.name).join(', ')})`,
    init(opts) {
      const { generator, dtype } = drawFrom(opts);
      return layers.map((l) => l.init({ generator, dtype }));
    },
    apply(params, x) {
      if (!Array.isArray(params) || params.length !== layers.length) {
        throw new Error(`nn.Sequential: expected an array of ${layers.length} parameter sets (one per layer)`);
      }
      return layers.reduce((h, l, i) => l.apply(params[i], h), x);
    },
  };
}

/** Parameters of an {@link MLP}: one {@link LinearParams} per linear layer. */
export type MLPParams = { readonly layers: readonly LinearParams[] };

/** Options for {@link MLP}. */
export interface MLPOptions {
  /** Hidden-layer activation (default 'relu'). The output layer has none. */
  activation?: ActivationName | ((x: Tensor) => Tensor);
  /** Weight initializer (default He for relu-like activations, Glorot otherwise). */
  init?: InitName | Initializer;
}

/**
 * A multilayer perceptron: `sizes = [in, hidden…, out]` gives linear layers between consecutive
 * sizes with the activation between them (none after the last). Parameters are
 * `{ layers: [{ weight, bias }, …] }`, named `layers.0.weight`, `layers.0.bias`, ….
 */
export function MLP(sizes: readonly number[], options: MLPOptions = {}): Module<MLPParams> {
  if (!Array.isArray(sizes) || sizes.length < 2) throw new Error(`nn.MLP: sizes must list at least [in, out], got ${JSON.stringify(sizes)}`);
  sizes.forEach((n, i) => {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`nn.MLP: sizes[${i}] must be a positive integer, got ${n} (sizes [${sizes.join(', ')}])`);
  });
  const activation = options.activation ?? 'relu';
  const f = resolveActivation(activation, 'nn.MLP');
  const reluLike = activation === 'relu' || activation === 'gelu' || activation === 'leakyRelu';
  const init = options.init ?? (reluLike ? 'he' : 'glorot');
  const linears = sizes.slice(1).map((out, i) => Linear(sizes[i], out, { init }));
  return {
    name: `MLP(${sizes.join(' → ')}, ${typeof activation === 'string' ? activation : activation.name || 'activation'})`,
    init(opts) {
      const { generator, dtype } = drawFrom(opts);
      return { layers: linears.map((l) => l.init({ generator, dtype })) };
    },
    apply(params, x) {
      if (params?.layers?.length !== linears.length) throw new Error(`nn.MLP: expected params.layers to hold ${linears.length} layers`);
      let h = x;
      linears.forEach((l, i) => {
        h = l.apply(params.layers[i], h);
        if (i < linears.length - 1) h = f(h);
      });
      return h;
    },
  };
}
