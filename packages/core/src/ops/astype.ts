import { Tensor } from '../tensor';
import { checkDType, type DType } from '../dtype';
import { definePrimitive, type Primitive } from '../engine/primitive';
import { bind } from '../engine/trace';
import { defineMethods, empty, requireTensor } from './util';

/** Converts to another dtype (float64 <-> float32). Its derivative converts back. */
export const astypeP: Primitive<{ dtype: DType }> = definePrimitive<{ dtype: DType }>({
  name: 'astype',
  impl([x], { dtype }) {
    const out = empty(x.shape, dtype);
    out.data.set(x.data);
    return out;
  },
  jvp: (t, { params }) => astype(t, params.dtype),
  vjp: (g) => g, // the engine casts cotangents back to each input's dtype
  saves: { inputs: [], output: false },
  batch: ([x], [d], params) => [bind(astypeP, [x], params), d],
});

/** Returns `x` converted to `dtype` (the same tensor if it already has it). */
export function astype(x: Tensor, dtype: DType): Tensor {
  requireTensor(x, 'astype');
  checkDType(dtype, 'astype');
  return x.dtype === dtype ? x : bind(astypeP, [x], { dtype });
}

declare module '../tensor' {
  interface Tensor {
    /** Converts to another dtype; see {@link astype}. */
    astype(dtype: DType): Tensor;
  }
}
defineMethods({ astype });
