/**
 * Giving a function its own derivative. Each wrapped function becomes a primitive of its own,
 * made on the spot, whose rules call the user's: the engine needs no special case. The functions
 * take tensors as positional arguments and return one tensor.
 */
import { Tensor } from '../tensor';
import { definePrimitive, type BatchRule, type Primitive, type RuleContext } from '../engine/primitive';
import { bind, Tracer } from '../engine/trace';
import { zerosLike } from '../creation';
import { batchToFront } from '../ops/batching';
import { jvp, vjp } from './autodiff';
import { vmap } from './vmap';

type Fn = (...args: Tensor[]) => Tensor;

/** Checks the arguments of a wrapped function and applies its primitive. */
function applier<P>(prim: Primitive<P>, params: () => P): Fn {
  return (...args: Tensor[]) => {
    args.forEach((a, i) => {
      if (!(a instanceof Tensor)) throw new TypeError(`${prim.name}: argument ${i} must be a Tensor, got ${a === null ? 'null' : typeof a}`);
    });
    return bind(prim, args, params());
  };
}

function checkOutput(out: unknown, name: string): Tensor {
  if (!(out instanceof Tensor)) throw new TypeError(`${name}: the function must return a single Tensor, got ${out === null ? 'null' : typeof out}`);
  return out;
}

/** The tangents of all inputs when only input `arg` moves (along t). */
const onlyArg = (inputs: readonly Tensor[], arg: number, t: Tensor) => inputs.map((x, j) => (j === arg ? t : zerosLike(x)));

/**
 * The batch rule of a wrapped function: the batch axis goes first, and the batched arguments are
 * handed to the same kind of wrapper around vmapped versions of the user's functions.
 */
function batchVia(rewrap: (inAxes: (number | null)[]) => Fn): BatchRule<any> {
  return (args, dims) => {
    const inAxes = dims.map((d) => (d === null ? null : 0));
    return [rewrap(inAxes)(...args.map((a, i) => batchToFront(a, dims[i]))), 0];
  };
}

/** Is any input a tracer of a transform still running (i.e. being differentiated from outside)? */
const watched = (inputs: readonly (Tensor | undefined)[]) => inputs.some((x) => x instanceof Tracer && x.trace.alive);

/**
 * A function with a custom reverse-mode derivative (JAX's custom_vjp). `fwd(...args)` returns
 * `[out, residuals]` (what `bwd` needs: a tensor or a pytree of tensors); `bwd(residuals, ct)`
 * returns one cotangent per argument. `f` computes the value when no derivative is taken. Forward
 * mode (jvp, jacfwd) differentiates `f` itself. `bwd` is written with library ops, so higher-order
 * reverse derivatives work; residuals are then recomputed from the inputs so outer transforms see
 * how they depend on them.
 */
export function customVjp<R>(f: Fn, fwd: (...args: Tensor[]) => [Tensor, R], bwd: (residuals: R, cotangent: Tensor) => readonly Tensor[], name = f.name || 'customVjp'): Fn {
  // Each call gets its own holder for the residuals of its forward pass.
  interface Params { residuals?: R }
  const cotangents = new WeakMap<RuleContext<Params>, readonly Tensor[]>();
  const prim: Primitive<Params> = definePrimitive<Params>({
    name,
    impl(inputs, params) {
      const [out, residuals] = fwd(...inputs);
      params.residuals = residuals;
      return checkOutput(out, name);
    },
    jvp: (t, ctx, arg) => jvp(f, ctx.inputs as Tensor[], onlyArg(ctx.inputs, arg, t))[1],
    vjp: (ct, ctx, arg) => {
      let cts = cotangents.get(ctx);
      if (cts === undefined) {
        const residuals = watched(ctx.inputs) || ctx.params.residuals === undefined ? fwd(...ctx.inputs)[1] : ctx.params.residuals;
        cts = bwd(residuals, ct);
        if (!Array.isArray(cts) || cts.length !== ctx.inputShapes.length) {
          throw new Error(`${name}: bwd must return an array of ${ctx.inputShapes.length} cotangent(s), one per argument`);
        }
        cotangents.set(ctx, cts);
      }
      return cts[arg];
    },
    saves: { inputs: 'all', output: false },
    batch: batchVia((inAxes) =>
      customVjp(vmap(f, { inAxes }), vmap(fwd, { inAxes }), (res: R, ct: Tensor) => vmap(bwd)(res, ct), `vmap(${name})`),
    ),
  });
  return applier(prim, () => ({}));
}

/**
 * A function with a custom forward-mode derivative (JAX's custom_jvp). `jvpRule(primals, tangents)`
 * returns `[out, tangentOut]` and must be linear in the tangents. Reverse mode transposes that
 * linear map, so one rule serves jvp, vjp, grad, jacfwd, jacrev and hessian.
 */
export function customJvp(f: Fn, jvpRule: (primals: Tensor[], tangents: Tensor[]) => [Tensor, Tensor], name = f.name || 'customJvp'): Fn {
  const tangentOut = (inputs: readonly Tensor[], arg: number, t: Tensor) => jvpRule(inputs.slice(), onlyArg(inputs, arg, t))[1];
  const prim: Primitive<undefined> = definePrimitive({
    name,
    impl: (inputs) => checkOutput(f(...inputs), name),
    jvp: (t, ctx, arg) => tangentOut(ctx.inputs, arg, t),
    // The tangent map is linear: its VJP at any point (zero here) is its transpose.
    vjp: (ct, ctx, arg) => vjp((t: Tensor) => tangentOut(ctx.inputs, arg, t), zerosLike(ctx.inputs[arg]))[1](ct)[0],
    saves: { inputs: 'all', output: false },
    batch: batchVia((inAxes) =>
      customJvp(vmap(f, { inAxes }), (ps, ts) => vmap((p: Tensor[], t: Tensor[]) => jvpRule(p, t), { inAxes: [inAxes, inAxes] })(ps, ts), `vmap(${name})`),
    ),
  });
  return applier(prim, () => undefined);
}

/**
 * Gradient checkpointing (rematerialization): reverse mode keeps only the inputs of `f`, not the
 * intermediate values inside it, and runs `f` again during the backward pass to differentiate it.
 * Trades one extra forward evaluation for the memory of f's intermediates.
 */
export function checkpoint(f: Fn, name = `checkpoint(${f.name || 'f'})`): Fn {
  const cotangents = new WeakMap<RuleContext<undefined>, Tensor[]>();
  const prim: Primitive<undefined> = definePrimitive({
    name,
    impl: (inputs) => checkOutput(f(...inputs), name),
    jvp: (t, ctx, arg) => jvp(f, ctx.inputs as Tensor[], onlyArg(ctx.inputs, arg, t))[1],
    vjp: (ct, ctx, arg) => {
      let cts = cotangents.get(ctx);
      if (cts === undefined) {
        cts = vjp(f, ...(ctx.inputs as Tensor[]))[1](ct) as Tensor[];
        cotangents.set(ctx, cts);
      }
      return cts[arg];
    },
    saves: { inputs: 'all', output: false },
    batch: batchVia((inAxes) => checkpoint(vmap(f, { inAxes }), `vmap(${name})`)),
  });
  return applier(prim, () => undefined);
}
