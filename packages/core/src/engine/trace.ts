/**
 * The trace stack. Every transform (grad, jvp, vmap, …) opens a Trace with a fresh level, higher
 * than any live one; values it watches are wrapped as Tracers of that trace. Applying a primitive
 * (`bind`) hands it to the highest-level trace among its inputs; inputs from lower levels are
 * lifted in as constants. Because each nested derivative has its own level, an inner derivative
 * never confuses its variable with an outer one (no perturbation confusion).
 */
import { Tensor } from '../tensor';
import type { Primitive } from './primitive';

let levels = 0;

/** One running transform (grad, jvp, vmap, …), ordered by level so nested transforms never mix. */
export abstract class Trace {
  readonly level = ++levels;
  /** False once the transform that opened this trace has returned. */
  alive = true;
  /** Wraps a value from a lower level as a constant of this trace. */
  abstract lift(x: Tensor): Tracer;
  /** Applies `prim` to inputs that all belong to this trace. */
  abstract process(prim: Primitive<any>, inputs: Tracer[], params: unknown): Tensor;
}

/** A tensor being watched by a transform. Its shape and dtype are those of the value it stands for. */
export abstract class Tracer extends Tensor {
  abstract readonly trace: Trace;
  /** The value one level down (what the op is computed on). */
  abstract lower(): Tensor;

  concrete(): Tensor {
    return this.lower().concrete();
  }
}

/** Runs `body` with a new trace of the given kind, and retires the trace afterwards. */
export function withTrace<T extends Trace, R>(trace: T, body: (trace: T) => R): R {
  try {
    return body(trace);
  } finally {
    trace.alive = false;
  }
}

/** Applies a primitive: to concrete tensors directly, or through the highest live trace among the inputs. */
export function bind<P>(prim: Primitive<P>, inputs: readonly Tensor[], params: P): Tensor {
  let top: Trace | null = null;
  let args = inputs as Tensor[];
  for (let i = 0; i < args.length; i++) {
    let x = args[i];
    // A tracer whose transform has returned is just its value (like a detached tensor).
    while (x instanceof Tracer && !x.trace.alive) x = x.lower();
    if (x !== args[i]) {
      if (args === inputs) args = args.slice();
      args[i] = x;
    }
    if (x instanceof Tracer && (top === null || x.trace.level > top.level)) top = x.trace;
  }
  if (top === null) {
    const out = prim.impl(args, params);
    if (debugHooks.afterImpl !== null) debugHooks.afterImpl(prim, args, out);
    return out;
  }
  const t = top;
  const lifted = args.map((x) => (x instanceof Tracer && x.trace === t ? x : t.lift(x)));
  return t.process(prim, lifted, params);
}

/**
 * Debugging hooks (anomaly detection, in debug/anomaly.ts). Null when off, so the engine pays one
 * comparison per op. `afterImpl` sees every concrete op result; `aroundVjp` wraps each VJP rule.
 */
export const debugHooks: {
  afterImpl: ((prim: Primitive<any>, inputs: readonly Tensor[], out: Tensor) => void) | null;
  aroundVjp: ((prim: Primitive<any>, arg: number, inputShapes: readonly (readonly number[])[], rule: () => Tensor) => Tensor) | null;
} = { afterImpl: null, aroundVjp: null };
