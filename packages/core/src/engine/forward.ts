/** Forward mode: each tracer carries a primal and a tangent, pushed through the JVP rules. */
import type { Tensor } from '../tensor';
import { ruleFor, type Primitive } from './primitive';
import { bind, Trace, Tracer } from './trace';
import { fitTangent } from './fit';
import { add } from '../ops/binary';

/** The trace of one forward-mode transform: applies each primitive and its JVP rules together. */
export class JVPTrace extends Trace {
  lift(x: Tensor): JVPTracer {
    return new JVPTracer(this, x, null);
  }

  process(prim: Primitive<any>, inputs: JVPTracer[], params: unknown): Tensor {
    const primals = inputs.map((t) => t.primal);
    const out = bind(prim, primals, params);
    const ctx = { inputs: primals, out, params, inputShapes: primals.map((p) => p.shape) };
    let tangent: Tensor | null = null;
    inputs.forEach((x, i) => {
      const rule = ruleFor(prim.jvp, i);
      if (x.tangent === null || rule === null) return;
      const contribution = fitTangent(rule(x.tangent, ctx, i), out, prim.name);
      tangent = tangent === null ? contribution : add(tangent, contribution);
    });
    return tangent === null ? out : new JVPTracer(this, out, tangent);
  }
}

/** A primal value with its tangent (null: zero tangent, the value is a constant of this trace). */
export class JVPTracer extends Tracer {
  constructor(readonly trace: JVPTrace, readonly primal: Tensor, readonly tangent: Tensor | null) {
    super(primal.shape, primal.dtype);
  }

  lower(): Tensor {
    return this.primal;
  }
}
