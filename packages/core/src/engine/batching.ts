/**
 * vmap's trace: each tracer holds a value with one extra axis (the batch) at position `bdim`.
 * Primitives map that to the batched computation with their `batch` rule.
 */
import type { Tensor } from '../tensor';
import type { Primitive } from './primitive';
import { bind, Trace, Tracer } from './trace';

export class BatchTrace extends Trace {
  constructor(readonly axisSize: number) {
    super();
  }

  lift(x: Tensor): BatchTracer {
    return new BatchTracer(this, x, null);
  }

  process(prim: Primitive<any>, inputs: BatchTracer[], params: unknown): Tensor {
    const vals = inputs.map((t) => t.val);
    const dims = inputs.map((t) => t.bdim);
    if (dims.every((d) => d === null)) return bind(prim, vals, params);
    const [out, dim] = prim.batch(vals, dims, params);
    return dim === null ? out : new BatchTracer(this, out, dim);
  }
}

export class BatchTracer extends Tracer {
  constructor(readonly trace: BatchTrace, readonly val: Tensor, readonly bdim: number | null) {
    super(bdim === null ? val.shape : val.shape.filter((_, i) => i !== bdim), val.dtype);
  }

  lower(): Tensor {
    return this.val;
  }

  concrete(): Tensor {
    if (this.bdim === null) return this.val.concrete();
    throw new Error('cannot read the values of a tensor inside vmap: it stands for a whole batch; return it from the mapped function instead');
  }
}
