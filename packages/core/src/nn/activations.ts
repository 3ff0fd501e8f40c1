/**
 * Activation functions. All are compositions of primitives, so they need no derivative rules of
 * their own and are differentiable to any order.
 */
import type { Tensor } from '../tensor';
import { requireTensor } from '../ops/util';
import { abs, exp, log1p, relu, sigmoid, tanh } from '../ops/unary';
import { add, gt, mul } from '../ops/binary';
import { where } from '../ops/where';

export { relu, sigmoid, tanh };

/**
 * GELU, in the tanh approximation used by GPT-2 and PyTorch's `approximate='tanh'`:
 * x/2 · (1 + tanh(√(2/π) (x + 0.044715 x³))).
 */
export function gelu(x: Tensor): Tensor {
  requireTensor(x, 'nn.gelu');
  const inner = mul(add(x, mul(mul(mul(x, x), x), 0.044715)), Math.sqrt(2 / Math.PI));
  return mul(mul(x, 0.5), add(tanh(inner), 1));
}

/** softplus(x) = log(1 + eˣ), computed as max(x, 0) + log1p(e^(−|x|)) so large |x| cannot overflow. */
export function softplus(x: Tensor): Tensor {
  requireTensor(x, 'nn.softplus');
  return add(relu(x), log1p(exp(mul(abs(x), -1))));
}

/** Leaky ReLU: x where x > 0, else `slope`·x. */
export function leakyRelu(x: Tensor, slope = 0.01): Tensor {
  requireTensor(x, 'nn.leakyRelu');
  return where(gt(x, 0), x, mul(x, slope));
}

/** Identity (no activation). */
export function identity(x: Tensor): Tensor {
  requireTensor(x, 'nn.identity');
  return x;
}

/** Activations by name, for options such as `{ activation: 'tanh' }`. */
export const activations = { relu, tanh, sigmoid, gelu, softplus, leakyRelu: (x: Tensor) => leakyRelu(x), identity } as const;

/** An activation function, or the name of one in {@link activations}. */
export type ActivationName = keyof typeof activations;

/** Resolves an activation given by name or function. */
export function resolveActivation(a: ActivationName | ((x: Tensor) => Tensor), where: string): (x: Tensor) => Tensor {
  if (typeof a === 'function') return a;
  const f = (activations as Record<string, (x: Tensor) => Tensor>)[a];
  if (f === undefined) throw new Error(`${where}: unknown activation '${String(a)}'; expected one of ${Object.keys(activations).join(', ')} or a function`);
  return f;
}
