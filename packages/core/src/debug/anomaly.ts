/**
 * Anomaly detection, like PyTorch's `torch.autograd.detect_anomaly`: an opt-in mode in which every
 * op result is checked for NaN and ±Inf, in the forward pass and inside each VJP rule of the
 * backward pass. The first op to produce one throws an {@link AnomalyError} naming it and its
 * input shapes. It costs a scan of every result, so it is off by default; when off, the engine's
 * hooks are null and cost nothing measurable.
 */
import type { Tensor } from '../tensor';
import type { Primitive } from '../engine/primitive';
import { debugHooks } from '../engine/trace';
import { fmt } from '../shape';

/** What went wrong, where: thrown by an op while anomaly detection is on. */
export class AnomalyError extends Error {
  constructor(
    message: string,
    /** `forward` for an op of the computation, `backward` for an op inside a VJP rule. */
    readonly phase: 'forward' | 'backward',
    /** The op whose result was not finite (in the backward phase, the op whose VJP it was). */
    readonly op: string,
    /** Shapes of that op's inputs. */
    readonly inputShapes: readonly (readonly number[])[],
    /** 'NaN' or 'Inf' (the first kind found). */
    readonly value: 'NaN' | 'Inf',
    /** In the backward phase, the op inside the VJP rule that produced the value. */
    readonly innerOp?: string,
  ) {
    super(message);
    this.name = 'AnomalyError';
  }
}

/** The VJP rules being run, innermost last (rules can nest under higher-order derivatives). */
const vjpStack: { prim: Primitive<any>; arg: number; inputShapes: readonly (readonly number[])[] }[] = [];

/** Counts NaN and infinite values. */
function scan(t: Tensor): { nan: number; inf: number } {
  const d = t.data;
  let nan = 0;
  let inf = 0;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v !== v) nan++;
    else if (v === Infinity || v === -Infinity) inf++;
  }
  return { nan, inf };
}

const shapes = (xs: readonly (readonly number[])[]) => xs.map(fmt).join(', ');

function check(prim: Primitive<any>, inputs: readonly Tensor[], out: Tensor): void {
  const { nan, inf } = scan(out);
  if (nan === 0 && inf === 0) return;
  const value = nan > 0 ? 'NaN' : 'Inf';
  const what = `${nan > 0 ? `NaN (${nan} of ${out.size} values)` : `Inf (${inf} of ${out.size} values)`}`;
  const inShapes = inputs.map((x) => x.shape);
  const already = inputs.some((x) => { const s = scan(x); return s.nan + s.inf > 0; }) ? '; its inputs already held NaN/Inf' : '';
  const rule = vjpStack[vjpStack.length - 1];
  if (rule === undefined) {
    throw new AnomalyError(
      `detectAnomaly: the forward op '${prim.name}' produced ${what}; its inputs had shapes ${shapes(inShapes)} (${inputs.map((x) => x.dtype).join(', ')})${already}`,
      'forward', prim.name, inShapes, value,
    );
  }
  throw new AnomalyError(
    `detectAnomaly: the backward pass of '${rule.prim.name}' (its VJP with respect to input ${rule.arg}) produced ${what} in op '${prim.name}'; ` +
      `'${rule.prim.name}' had input shapes ${shapes(rule.inputShapes)}, and '${prim.name}' had ${shapes(inShapes)}${already}`,
    'backward', rule.prim.name, rule.inputShapes, value, prim.name,
  );
}

function aroundVjp(prim: Primitive<any>, arg: number, inputShapes: readonly (readonly number[])[], rule: () => Tensor): Tensor {
  vjpStack.push({ prim, arg, inputShapes });
  try {
    return rule();
  } finally {
    vjpStack.pop();
  }
}

/** Turns anomaly detection on or off for everything that follows (like torch.autograd.set_detect_anomaly). */
export function detectAnomaly(enabled = true): void {
  if (typeof enabled !== 'boolean') throw new TypeError(`detectAnomaly: enabled must be a boolean, got ${typeof enabled}`);
  debugHooks.afterImpl = enabled ? check : null;
  debugHooks.aroundVjp = enabled ? aroundVjp : null;
  if (!enabled) vjpStack.length = 0;
}

/** Whether anomaly detection is on. */
export function isAnomalyDetectionEnabled(): boolean {
  return debugHooks.afterImpl !== null;
}

/**
 * Runs `fn` with anomaly detection on and restores the previous setting afterwards. `fn` runs
 * synchronously; for async code use {@link detectAnomaly} around it.
 *
 * @example
 * withAnomalyDetection(() => grad(loss)(params)); // throws AnomalyError naming the first op that made a NaN
 */
export function withAnomalyDetection<R>(fn: () => R): R {
  if (typeof fn !== 'function') throw new TypeError(`withAnomalyDetection: expected a function to run, got ${typeof fn}`);
  const before = isAnomalyDetectionEnabled();
  detectAnomaly(true);
  try {
    return fn();
  } finally {
    detectAnomaly(before);
  }
}
