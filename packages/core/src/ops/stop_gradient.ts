import type { Tensor } from '../tensor';
import { definePrimitive, type Primitive } from '../engine/primitive';
import { bind } from '../engine/trace';
import { defineMethods, requireTensor } from './util';

/** Identity whose derivative is zero: the value passes, no gradient flows through it. */
export const stopGradientP: Primitive = definePrimitive({
  name: 'stopGradient',
  impl: ([x]) => x,
  jvp: [null],
  vjp: [null],
  saves: { inputs: [], output: false },
  batch: ([x], [d]) => [bind(stopGradientP, [x], undefined), d],
});

/** Returns `x` as a constant: transforms see no dependence on what `x` was computed from. */
export function stopGradient(x: Tensor): Tensor {
  requireTensor(x, 'stopGradient');
  return bind(stopGradientP, [x], undefined);
}

declare module '../tensor' {
  interface Tensor {
    /** The same values as a constant; see {@link stopGradient}. */ stopGradient(): Tensor;
  }
}
defineMethods({ stopGradient });
