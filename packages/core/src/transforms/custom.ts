/**
 * Giving a function its own derivative. Each wrapped function becomes a primitive of its own,
 * made on the spot, whose rules call the user's: the engine needs no special case. The functions
 * take tensors or pytrees of them (e.g. a layer's parameters) and return a tensor or a pytree of
 * tensors. The primitive's inputs are the flattened argument leaves; several outputs travel
 * through its one output packed into a flat vector, unpacked (differentiably) by the wrapper.
 */
import { Tensor } from '../tensor';
import { promote, type DType } from '../dtype';
import { definePrimitive, type BatchRule, type Primitive, type RuleContext } from '../engine/primitive';
import { bind, Tracer } from '../engine/trace';
import { zerosLike } from '../creation';
import { astype } from '../ops/astype';
import { batchToFront } from '../ops/batching';
import { concat, split } from '../ops/concat';
import { reshape } from '../ops/reshape';
import { jvp, vjp } from './autodiff';
import { treeFlatten, treeLeavesLike } from './tree';
import { vmap } from './vmap';

type Fn = (...args: Tensor[]) => Tensor;

/** How the primitive's one output unpacks into the function's result. */
interface Layout {
  /** The result is one tensor: nothing to pack. */
  readonly single: boolean;
  readonly shapes: readonly (readonly number[])[];
  readonly dtypes: readonly DType[];
  readonly rebuild: (leaves: readonly Tensor[]) => unknown;
}

/** One call of a wrapped function: how its arguments were flattened and its result packed. */
interface Call {
  readonly name: string;
  readonly unflatten: (leaves: readonly Tensor[]) => any[];
  /** How many tensor leaves the arguments hold. */
  readonly leafCount: number;
  /** Recorded whenever the user's function runs for this call (the same for every run). */
  layout?: Layout;
}

const SINGLE: Layout = { single: true, shapes: [], dtypes: [], rebuild: (ls) => ls[0] };

/** Packs a result into one tensor, recording its layout in the call. */
function pack(out: unknown, call: Call): Tensor {
  if (out instanceof Tensor) {
    call.layout = SINGLE;
    return out;
  }
  const [leaves, rebuild] = treeFlatten(out, `${call.name} (result)`);
  if (leaves.length === 0) throw new Error(`${call.name}: the function must return a tensor or a pytree with at least one tensor`);
  call.layout = { single: false, shapes: leaves.map((l) => l.shape), dtypes: leaves.map((l) => l.dtype), rebuild };
  const dtype = leaves.reduce<DType>((d, l) => promote(d, l.dtype), 'float32');
  const flatLeaves = leaves.map((l) => reshape(astype(l, dtype), [l.size]));
  return flatLeaves.length === 1 ? flatLeaves[0] : concat(flatLeaves);
}

/** The inverse of {@link pack}, with differentiable ops. */
function unpack(packed: Tensor, call: Call): any {
  const layout = call.layout;
  if (layout === undefined) throw new Error(`internal: ${call.name} was applied without running the function`);
  if (layout.single) return packed;
  const sizes = layout.shapes.map((s) => s.reduce((a, b) => a * b, 1));
  const cuts = sizes.slice(0, -1).map((_, i) => sizes.slice(0, i + 1).reduce((a, b) => a + b, 0));
  const parts = cuts.length === 0 ? [packed] : split(packed, cuts);
  return layout.rebuild(parts.map((p, i) => astype(reshape(p, layout.shapes[i]), layout.dtypes[i])));
}

/** A user's function as a function of the flat leaves of one call's arguments, its result packed. */
const flat = <A extends any[]>(f: (...args: A) => unknown, call: Call): Fn => (...leaves) => pack(f(...(call.unflatten(leaves) as A)), call);

/** The wrapped function: flattens its arguments, applies the primitive, unpacks the result. */
function applier<P extends Call>(prim: Primitive<P>, fresh: () => Omit<P, 'unflatten' | 'name' | 'leafCount'>): (...args: any[]) => any {
  return (...args: any[]) => {
    const [leaves, unflatten] = treeFlatten(args, `${prim.name} (arguments)`);
    const call = { ...fresh(), name: prim.name, unflatten, leafCount: leaves.length } as P;
    return unpack(bind(prim, leaves, call), call);
  };
}

/** The arguments' structure, with a placeholder at each leaf. */
const argumentStructure = (call: Call) => call.unflatten(Array.from({ length: call.leafCount }, () => PLACEHOLDER));
const PLACEHOLDER = new Tensor([], 'float64', new Float64Array(1));

/** Refuses arguments that should be functions, naming the transform and the argument. */
function requireFunctions(op: string, fns: Record<string, unknown>): void {
  for (const [arg, fn] of Object.entries(fns)) if (typeof fn !== 'function') throw new TypeError(`${op}: ${arg} must be a function, got ${fn === null ? 'null' : typeof fn}`);
}

/** The tangents of all inputs when only input `arg` moves (along t). */
const onlyArg = (inputs: readonly Tensor[], arg: number, t: Tensor) => inputs.map((x, j) => (j === arg ? t : zerosLike(x)));

/**
 * The batch rule of a wrapped function: the batch axis goes first, and the batched leaves are
 * handed to the same kind of wrapper around vmapped (flat, packed) versions of the user's functions.
 */
function batchVia<P extends Call>(rewrap: (inAxes: (number | null)[], call: P) => Fn): BatchRule<P> {
  return (args, dims, call) => {
    const inAxes = dims.map((d) => (d === null ? null : 0));
    return [rewrap(inAxes, call)(...args.map((a, i) => batchToFront(a, dims[i]))), 0];
  };
}

/** Is any input a tracer of a transform still running (i.e. being differentiated from outside)? */
const watched = (inputs: readonly (Tensor | undefined)[]) => inputs.some((x) => x instanceof Tracer && x.trace.alive);

/**
 * A function with a custom reverse-mode derivative (JAX's custom_vjp). `fwd(...args)` returns
 * `[out, residuals]` (what `bwd` needs: a tensor or a pytree of tensors); `bwd(residuals, ct)` gets
 * the cotangent shaped like `out` and returns one cotangent per argument, shaped like it. `f`
 * computes the value when no derivative is taken; forward mode (jvp, jacfwd) differentiates `f`
 * itself. `bwd` is written with library ops, so higher-order reverse derivatives work; residuals
 * are then recomputed from the inputs so outer transforms see how they depend on them.
 */
export function customVjp<A extends any[], O, R>(
  f: (...args: A) => O,
  fwd: (...args: A) => [O, R],
  bwd: (residuals: R, cotangent: O) => readonly unknown[],
  name = f?.name || 'customVjp',
): (...args: A) => O {
  requireFunctions('customVjp', { f, fwd, bwd });
  // Each call also holds the residuals of its forward pass.
  interface Params extends Call {
    residuals?: R;
  }
  const forward = (call: Params) => (...leaves: Tensor[]): [Tensor, R] => {
    const [out, residuals] = fwd(...(call.unflatten(leaves) as A));
    return [pack(out, call), residuals];
  };
  // bwd's cotangents (one per argument, each shaped like it) as one per leaf, matched to the
  // arguments' structure by key
  const backward = (call: Params) => (residuals: R, ct: Tensor) =>
    treeLeavesLike(argumentStructure(call), bwd(residuals, unpack(ct, call)), `${name} (bwd must return one cotangent per argument, shaped like it)`);
  const cotangents = new WeakMap<RuleContext<Params>, readonly Tensor[]>();
  const prim: Primitive<Params> = definePrimitive<Params>({
    name,
    impl(inputs, call) {
      const [out, residuals] = forward(call)(...inputs);
      call.residuals = residuals;
      return out;
    },
    jvp: (t, ctx, arg) => jvp(flat(f, ctx.params), ctx.inputs as Tensor[], onlyArg(ctx.inputs, arg, t))[1],
    vjp: (ct, ctx, arg) => {
      let cts = cotangents.get(ctx);
      if (cts === undefined) {
        const fresh = watched(ctx.inputs) || ctx.params.residuals === undefined;
        const residuals = fresh ? forward(ctx.params)(...ctx.inputs)[1] : (ctx.params.residuals as R);
        cts = backward(ctx.params)(residuals, ct);
        cotangents.set(ctx, cts);
      }
      return cts[arg];
    },
    saves: { inputs: 'all', output: false },
    batch: batchVia((inAxes, call) =>
      customVjp(vmap(flat(f, call), { inAxes }), vmap(forward(call), { inAxes }), (res: R, ct: Tensor) => vmap(backward(call))(res, ct), `vmap(${name})`),
    ),
  });
  return applier(prim, () => ({}));
}

/**
 * A function with a custom forward-mode derivative (JAX's custom_jvp). `jvpRule(primals, tangents)`
 * gets the arguments and their tangents (same structures) and returns `[out, tangentOut]`; it must
 * be linear in the tangents. Reverse mode transposes that linear map, so one rule serves jvp, vjp,
 * grad, jacfwd, jacrev and hessian.
 */
export function customJvp<A extends any[], O>(f: (...args: A) => O, jvpRule: (primals: A, tangents: A) => [O, O], name = f?.name || 'customJvp'): (...args: A) => O {
  requireFunctions('customJvp', { f, jvpRule });
  // The tangent is packed in the output's structure (matched by key), as the output itself is.
  const packedRule = (call: Call, primals: readonly Tensor[], tangents: readonly Tensor[]): [Tensor, Tensor] => {
    const [out, tan] = jvpRule(call.unflatten(primals) as A, call.unflatten(tangents) as A);
    const leaves = treeLeavesLike(out, tan, `${name} (the tangent jvpRule returns must match its output)`);
    return [pack(out, call), pack(treeFlatten(out)[1](leaves), call)];
  };
  const tangentOut = (call: Call, inputs: readonly Tensor[], arg: number, t: Tensor) => packedRule(call, inputs, onlyArg(inputs, arg, t))[1];
  const prim: Primitive<Call> = definePrimitive<Call>({
    name,
    impl: (inputs, call) => flat(f, call)(...inputs),
    jvp: (t, ctx, arg) => tangentOut(ctx.params, ctx.inputs, arg, t),
    // The tangent map is linear: its VJP at any point (zero here) is its transpose.
    vjp: (ct, ctx, arg) => vjp((t: Tensor) => tangentOut(ctx.params, ctx.inputs, arg, t), zerosLike(ctx.inputs[arg]))[1](ct)[0],
    saves: { inputs: 'all', output: false },
    batch: batchVia((inAxes, call) => {
      const rule = (ps: Tensor[], ts: Tensor[]) => packedRule(call, ps, ts);
      return customJvp(vmap(flat(f, call), { inAxes }), (ps: Tensor[], ts: Tensor[]) => vmap(rule, { inAxes: [inAxes, inAxes] })(ps, ts), `vmap(${name})`);
    }),
  });
  return applier(prim, () => ({}));
}

/**
 * Gradient checkpointing (rematerialization): reverse mode keeps only the inputs of `f`, not the
 * intermediate values inside it, and runs `f` again during the backward pass to differentiate it.
 * Trades one extra forward evaluation for the memory of f's intermediates.
 */
export function checkpoint<A extends any[], O>(f: (...args: A) => O, name = `checkpoint(${f?.name || 'f'})`): (...args: A) => O {
  requireFunctions('checkpoint', { f });
  const cotangents = new WeakMap<RuleContext<Call>, Tensor[]>();
  const prim: Primitive<Call> = definePrimitive<Call>({
    name,
    impl: (inputs, call) => flat(f, call)(...inputs),
    jvp: (t, ctx, arg) => jvp(flat(f, ctx.params), ctx.inputs as Tensor[], onlyArg(ctx.inputs, arg, t))[1],
    vjp: (ct, ctx, arg) => {
      let cts = cotangents.get(ctx);
      if (cts === undefined) {
        cts = vjp(flat(f, ctx.params), ...(ctx.inputs as Tensor[]))[1](ct) as Tensor[];
        cotangents.set(ctx, cts);
      }
      return cts[arg];
    },
    saves: { inputs: 'all', output: false },
    batch: batchVia((inAxes, call) => checkpoint(vmap(flat(f, call), { inAxes }), `vmap(${name})`)),
  });
  return applier(prim, () => ({}));
}
