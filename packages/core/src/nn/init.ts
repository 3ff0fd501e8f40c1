/**
 * Seeded weight initializers. Each takes the weight shape and its fan-in/fan-out and draws from a
 * Generator, so a model initialised with the same seed is the same on every machine.
 */
import type { Tensor } from '../tensor';
import { Generator, randn, uniform } from '../random';
import { zeros } from '../creation';
import type { DType } from '../dtype';
import { mul } from '../ops/binary';
import { astype } from '../ops/astype';

/** Draws a weight of `shape` whose layer has `fanIn` inputs and `fanOut` outputs. */
export type Initializer = (shape: readonly number[], fanIn: number, fanOut: number, generator: Generator, dtype: DType) => Tensor;

const scaled = (x: Tensor, s: number, dtype: DType): Tensor => astype(mul(x, s), dtype);

/** Glorot (Xavier) uniform: U(-a, a) with a = sqrt(6 / (fanIn + fanOut)); suits tanh and sigmoid. */
export const glorotUniform: Initializer = (shape, fanIn, fanOut, generator, dtype) => {
  const a = Math.sqrt(6 / (fanIn + fanOut));
  return uniform(shape, -a, a, { generator, dtype });
};

/** Glorot (Xavier) normal: N(0, 2 / (fanIn + fanOut)). */
export const glorotNormal: Initializer = (shape, fanIn, fanOut, generator, dtype) =>
  scaled(randn(shape, { generator }), Math.sqrt(2 / (fanIn + fanOut)), dtype);

/** He (Kaiming) uniform: U(-a, a) with a = sqrt(6 / fanIn); suits ReLU. */
export const heUniform: Initializer = (shape, fanIn, _fanOut, generator, dtype) => {
  const a = Math.sqrt(6 / fanIn);
  return uniform(shape, -a, a, { generator, dtype });
};

/** He (Kaiming) normal: N(0, 2 / fanIn). */
export const heNormal: Initializer = (shape, fanIn, _fanOut, generator, dtype) =>
  scaled(randn(shape, { generator }), Math.sqrt(2 / fanIn), dtype);

/** All zeros (the usual bias initializer). */
export const zerosInit: Initializer = (shape, _fanIn, _fanOut, _generator, dtype) => zeros(shape, { dtype });

/** Initializers by name, for options such as `{ init: 'he' }`. */
export const initializers = {
  glorot: glorotUniform,
  glorotUniform,
  glorotNormal,
  he: heUniform,
  heUniform,
  heNormal,
  zeros: zerosInit,
} as const;

/** An initializer, or the name of one in {@link initializers}. */
export type InitName = keyof typeof initializers;

/** Resolves an initializer given by name or function. */
export function resolveInit(init: InitName | Initializer, where: string): Initializer {
  if (typeof init === 'function') return init;
  const f = (initializers as Record<string, Initializer>)[init];
  if (f === undefined) throw new Error(`${where}: unknown initializer '${String(init)}'; expected one of ${Object.keys(initializers).join(', ')} or a function`);
  return f;
}
