/**
 * Giving a function its own derivative. Each wrapped function becomes a primitive of its own,
 * made on the spot, whose rules call the user's: the engine needs no special case. The functions
 * take tensors or pytrees of them (e.g. a layer's parameters) as arguments and return one tensor;
 * the primitive's inputs are the flattened leaves.
 */
import { Tensor } from '../tensor';
import { definePrimitive, type BatchRule, type Primitive, type RuleContext } from '../engine/primitive';
import { bind, Tracer } from '../engine/trace';
import { zerosLike } from '../creation';
import { batchToFront } from '../ops/batching';
import { jvp, vjp } from './autodiff';
import { treeFlatten } from './tree';
import { vmap } from './vmap';

type Fn = (...args: Tensor[]) => Tensor;

/** How one call's arguments (tensors or pytrees of them) were flattened into the primitive's inputs. */
interface Call {
  readonly unflatten: (leaves: readonly Tensor[]) => any[];
}

/** A user's function as a function of the flat leaves of one call's arguments. */
const flat = <A extends any[], R>(f: (...args: A) => R, call: Call) => (...leaves: Tensor[]): R => f(...(call.unflatten(leaves) as A));

/** The wrapped function: flattens its arguments and applies the primitive to the leaves. */
function applier<P extends Call>(prim: Primitive<P>, fresh: () => Omit<P, 'unflatten'>): (...args: any[]) => Tensor {
  return (...args: any[]) => {
    const [leaves, unflatten] = treeFlatten(args, `${prim.name} (arguments)`);
    return bind(prim, leaves, { ...fresh(), unflatten } as P);
  };
}

function checkOutput(out: unknown, name: string): Tensor {
  if (!(out instanceof Tensor)) throw new TypeError(`${name}: the function must return a single Tensor, got ${out === null ? 'null' : typeof out}`);
  return out;
}

/** The tangents of all inputs when only input `arg` moves (along t). */
const onlyArg = (inputs: readonly Tensor[], arg: number, t: Tensor) => inputs.map((x, j) => (j === arg ? t : zerosLike(x)));

/**
 * The batch rule of a wrapped function: the batch axis goes first, and the batched leaves are
 * handed to the same kind of wrapper around vmapped (flat) versions of the user's functions.
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
 * `[out, residuals]` (what `bwd` needs: a tensor or a pytree of tensors); `bwd(residuals, ct)`
 * returns one cotangent per argument (shaped like it, pytrees included). `f` computes the value when no derivative is taken. Forward
 * mode (jvp, jacfwd) differentiates `f` itself. `bwd` is written with library ops, so higher-order
 * reverse derivatives work; residuals are then recomputed from the inputs so outer transforms see
 * how they depend on them.
 */
export function customVjp<A extends any[], R>(
  f: (...args: A) => Tensor,
  fwd: (...args: A) => [Tensor, R],
  bwd: (residuals: R, cotangent: Tensor) => readonly unknown[],
  name = f.name || 'customVjp',
): (...args: A) => Tensor {
  // Each call gets its own holder for the residuals of its forward pass.
  interface Params extends Call {
    residuals?: R;
  }
  const cotangents = new WeakMap<RuleContext<Params>, readonly Tensor[]>();
  // bwd's cotangents (one per argument, each shaped like it) as one per leaf
  const flatBwd = (residuals: R, ct: Tensor) => treeFlatten(bwd(residuals, ct), `${name} (result of bwd)`)[0];
  const prim: Primitive<Params> = definePrimitive<Params>({
    name,
    impl(inputs, params) {
      const [out, residuals] = flat(fwd, params)(...inputs);
      params.residuals = residuals;
      return checkOutput(out, name);
    },
    jvp: (t, ctx, arg) => jvp(flat(f, ctx.params), ctx.inputs as Tensor[], onlyArg(ctx.inputs, arg, t))[1],
    vjp: (ct, ctx, arg) => {
      let cts = cotangents.get(ctx);
      if (cts === undefined) {
        const fresh = watched(ctx.inputs) || ctx.params.residuals === undefined;
        const residuals = fresh ? flat(fwd, ctx.params)(...ctx.inputs)[1] : (ctx.params.residuals as R);
        cts = flatBwd(residuals, ct);
        if (cts.length !== ctx.inputShapes.length) {
          throw new Error(`${name}: bwd returned ${cts.length} cotangent tensor(s) but the arguments hold ${ctx.inputShapes.length}; return one cotangent per argument, shaped like it`);
        }
        cotangents.set(ctx, cts);
      }
      return cts[arg];
    },
    saves: { inputs: 'all', output: false },
    batch: batchVia((inAxes, call) =>
      customVjp(vmap(flat(f, call), { inAxes }), vmap(flat(fwd, call), { inAxes }), (res: R, ct: Tensor) => vmap(flatBwd)(res, ct), `vmap(${name})`),
    ),
  });
  return applier(prim, () => ({}));
}

/**
 * A function with a custom forward-mode derivative (JAX's custom_jvp). `jvpRule(primals, tangents)`
 * returns `[out, tangentOut]` and must be linear in the tangents. Reverse mode transposes that
 * linear map, so one rule serves jvp, vjp, grad, jacfwd, jacrev and hessian.
 */
export function customJvp<A extends any[]>(
  f: (...args: A) => Tensor,
  jvpRule: (primals: A, tangents: A) => [Tensor, Tensor],
  name = f.name || 'customJvp',
): (...args: A) => Tensor {
  const tangentOut = (call: Call, inputs: readonly Tensor[], arg: number, t: Tensor) =>
    jvpRule(call.unflatten(inputs) as A, call.unflatten(onlyArg(inputs, arg, t)) as A)[1];
  const prim: Primitive<Call> = definePrimitive<Call>({
    name,
    impl: (inputs, call) => checkOutput(flat(f, call)(...inputs), name),
    jvp: (t, ctx, arg) => tangentOut(ctx.params, ctx.inputs, arg, t),
    // The tangent map is linear: its VJP at any point (zero here) is its transpose.
    vjp: (ct, ctx, arg) => vjp((t: Tensor) => tangentOut(ctx.params, ctx.inputs, arg, t), zerosLike(ctx.inputs[arg]))[1](ct)[0],
    saves: { inputs: 'all', output: false },
    batch: batchVia((inAxes, call) =>
      customJvp(
        vmap(flat(f, call), { inAxes }),
        (ps: Tensor[], ts: Tensor[]) => vmap((p: Tensor[], t: Tensor[]) => jvpRule(call.unflatten(p) as A, call.unflatten(t) as A), { inAxes: [inAxes, inAxes] })(ps, ts),
        `vmap(${name})`,
      ),
    ),
  });
  return applier(prim, () => ({}));
}

/**
 * Gradient checkpointing (rematerialization): reverse mode keeps only the inputs of `f`, not the
 * intermediate values inside it, and runs `f` again during the backward pass to differentiate it.
 * Trades one extra forward evaluation for the memory of f's intermediates.
 */
export function checkpoint<A extends any[]>(f: (...args: A) => Tensor, name = `checkpoint(${f.name || 'f'})`): (...args: A) => Tensor {
  const cotangents = new WeakMap<RuleContext<Call>, Tensor[]>();
  const prim: Primitive<Call> = definePrimitive<Call>({
    name,
    impl: (inputs, call) => checkOutput(flat(f, call)(...inputs), name),
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
