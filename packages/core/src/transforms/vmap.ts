/**
 * vmap: vectorizing map, as in JAX. `vmap(f)(xs)` runs f once on a whole batch, each primitive
 * applying its batch rule, instead of once per element: the result is the same as a loop that
 * stacks f's results, but the work is done in a few large kernel calls.
 */
import type { Tensor } from '../tensor';
import { fmt } from '../shape';
import { withTrace } from '../engine/trace';
import { BatchTrace, BatchTracer } from '../engine/batching';
import { broadcastTo } from '../ops/broadcast';
import { expandDims } from '../ops/reshape';
import { moveaxis } from '../ops/transpose';
import { treeFlatten } from './tree';

/**
 * Which axis of a value is mapped: a number (negative counts from the end), `null` for "not
 * mapped" (shared by every batch element), or a tree of those that is a prefix of the value's
 * structure (an array or object matching it, whose entries apply to whole subtrees).
 */
export type AxisSpec = number | null | readonly AxisSpec[] | { readonly [key: string]: AxisSpec };

/** Options for {@link vmap}. */
export interface VmapOptions {
  /**
   * The mapped axis of each argument (default 0 for all). A single number or null applies to every
   * argument; an array gives one {@link AxisSpec} per argument.
   */
  inAxes?: AxisSpec;
  /** Where the batch axis goes in each output (default 0); a prefix tree of the output's structure. */
  outAxes?: AxisSpec;
  /** The batch size, needed only when no argument is mapped. */
  axisSize?: number;
}

/**
 * Vectorizes `f` over a batch axis of its arguments. `vmap(f, { inAxes, outAxes })(...args)`
 * equals stacking `f` applied to each slice of the mapped arguments (unmapped ones are passed
 * whole), with the batch axis placed at `outAxes` in each output. Nests with itself and with
 * grad, vjp, jvp and the Jacobian transforms.
 *
 * @example Per-example gradients of a loss, without a loop:
 * ```ts
 * const perExample = vmap((x: Tensor, y: Tensor) => grad(loss)(params, x, y))(xs, ys);
 * ```
 * @example Share an argument (null) and map another along its columns:
 * ```ts
 * vmap(matmul, { inAxes: [null, 1], outAxes: 1 })(W, X); // equals matmul(W, X)
 * ```
 */
export function vmap<A extends any[], R = any>(f: (...args: A) => R, options: VmapOptions = {}): (...args: A) => R {
  if (typeof f !== 'function') throw new TypeError('vmap: first argument must be a function');
  const inAxes = options.inAxes === undefined ? 0 : options.inAxes;
  const outAxes = options.outAxes === undefined ? 0 : options.outAxes;
  return (...args: A) => {
    if (Array.isArray(inAxes) && inAxes.length !== args.length) {
      throw new Error(`vmap: inAxes has ${inAxes.length} entries but f was called with ${args.length} argument(s)`);
    }
    const perArg = Array.isArray(inAxes) ? inAxes : args.map(() => inAxes);
    const [leaves, rebuild] = treeFlatten(args, 'vmap (arguments)');
    const axes = args.flatMap((a, i) => axesForTree(perArg[i], a, `argument ${i}`));
    const dims = leaves.map((x, i) => resolveAxis(axes[i], x.ndim, `vmap: inAxes for argument leaf ${i} (shape ${fmt(x.shape)})`));
    const size = batchSize(leaves, dims, options.axisSize);
    return withTrace(new BatchTrace(size), (trace) => {
      const inputs = leaves.map((x, i) => (dims[i] === null ? x : new BatchTracer(trace, x, dims[i])));
      const out = f(...(rebuild(inputs) as A));
      const [outLeaves, rebuildOut] = treeFlatten(out, 'vmap (output of f)');
      const outSpecs = axesForTree(outAxes, out, 'the output');
      return rebuildOut(outLeaves.map((o, i) => unbatch(o, trace, outSpecs[i], size, i))) as R;
    });
  };
}

/** Expands a prefix tree of axes to one axis per leaf of `tree`. */
function axesForTree(spec: AxisSpec | undefined, tree: unknown, where: string): (number | null)[] {
  if (spec === undefined || spec === null || typeof spec === 'number') {
    return treeFlatten(tree, `vmap (${where})`)[0].map(() => spec ?? null);
  }
  if (Array.isArray(spec)) {
    if (!Array.isArray(tree) || tree.length !== spec.length) {
      throw new Error(`vmap: the axes for ${where} are an array of ${spec.length}, but the value there is ${describe(tree)}`);
    }
    return spec.flatMap((s, i) => axesForTree(s, tree[i], `${where}[${i}]`));
  }
  if (tree === null || typeof tree !== 'object' || Array.isArray(tree)) {
    throw new Error(`vmap: the axes for ${where} are an object, but the value there is ${describe(tree)}`);
  }
  const keys = Object.keys(tree);
  const specKeys = Object.keys(spec);
  if (keys.length !== specKeys.length || !keys.every((k) => k in spec)) {
    throw new Error(`vmap: the axes for ${where} have keys {${specKeys.join(', ')}} but the value has keys {${keys.join(', ')}}`);
  }
  return keys.flatMap((k) => axesForTree((spec as Record<string, AxisSpec>)[k], (tree as Record<string, unknown>)[k], `${where}.${k}`));
}

function describe(x: unknown): string {
  if (Array.isArray(x)) return `an array of ${x.length}`;
  if (x !== null && typeof x === 'object') return `${x.constructor?.name === 'Object' ? 'an object' : `a ${x.constructor?.name}`}`;
  return String(x);
}

function resolveAxis(axis: number | null, rank: number, where: string): number | null {
  if (axis === null) return null;
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) throw new RangeError(`${where}: axis ${axis} is out of range for rank ${rank}`);
  return axis < 0 ? axis + rank : axis;
}

function batchSize(leaves: readonly Tensor[], dims: readonly (number | null)[], axisSize: number | undefined): number {
  const sizes = new Set<number>();
  leaves.forEach((x, i) => dims[i] !== null && sizes.add(x.shape[dims[i] as number]));
  if (axisSize !== undefined) {
    if (!Number.isInteger(axisSize) || axisSize < 0) throw new RangeError(`vmap: axisSize must be a non-negative integer, got ${axisSize}`);
    sizes.add(axisSize);
  }
  if (sizes.size === 0) throw new Error('vmap: no argument is mapped (all inAxes are null); pass axisSize to say how large the batch is');
  if (sizes.size > 1) {
    const listed = leaves.flatMap((x, i) => (dims[i] === null ? [] : [`leaf ${i} of shape ${fmt(x.shape)} has ${x.shape[dims[i] as number]} along axis ${dims[i]}`]));
    if (axisSize !== undefined) listed.push(`axisSize is ${axisSize}`);
    throw new Error(`vmap: mapped axes have different sizes: ${listed.join('; ')}`);
  }
  return [...sizes][0];
}

/** Turns an output of f back into an ordinary value with the batch axis at `outAxis`. */
function unbatch(o: Tensor, trace: BatchTrace, outAxis: number | null, size: number, i: number): Tensor {
  const mine = o instanceof BatchTracer && o.trace === trace;
  const val = mine ? o.val : o;
  const bdim = mine ? o.bdim : null;
  if (outAxis === null) {
    if (bdim !== null) throw new Error(`vmap: outAxes is null for output ${i}, but that output varies across the batch`);
    return val;
  }
  const rank = val.ndim + (bdim === null ? 1 : 0);
  const axis = resolveAxis(outAxis, rank, `vmap: outAxes for output ${i} (shape ${fmt(o.shape)})`) as number;
  if (bdim !== null) return bdim === axis ? val : moveaxis(val, bdim, axis);
  // An output that does not depend on the batch is the same for every element: repeat it.
  const shape = val.shape.slice();
  shape.splice(axis, 0, size);
  return broadcastTo(expandDims(val, axis), shape);
}
