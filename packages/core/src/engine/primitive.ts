/**
 * A primitive is an op the engine knows how to differentiate. Its forward kernel call, VJP rule,
 * JVP rule and vmap (batching) rule are defined together in one object, in one file under ops/;
 * leaving any of them out is a type error. Everything else (softmax, mean, …) is a composition of
 * primitives and needs no rules of its own.
 *
 * Rules are written with the library's own ops, so the derivatives they build are themselves
 * differentiable: that is what makes grad-of-grad, jvp-of-grad and hessian work.
 */
import type { Tensor } from '../tensor';

/** What a rule may read about the application it differentiates. */
export interface RuleContext<P> {
  /**
   * The primal inputs. In a VJP rule only the inputs listed in `saves.inputs` are present (the
   * others are undefined): reverse mode keeps nothing else alive.
   */
  readonly inputs: readonly Tensor[];
  /** The primal output (in a VJP rule, only if `saves.output`). */
  readonly out: Tensor;
  /** Shapes of all inputs (always present, saved or not). */
  readonly inputShapes: readonly (readonly number[])[];
  readonly params: P;
}

/**
 * A JVP rule maps the tangent of input `arg` to its contribution to the output tangent; a VJP rule
 * maps the output cotangent to the cotangent of input `arg`. Broadcasting is the engine's job: a
 * JVP contribution may have any shape that broadcasts to the output, and a VJP result any shape
 * that sums down to the input's.
 */
export type Rule<P> = (t: Tensor, ctx: RuleContext<P>, arg: number) => Tensor;

/** One rule for all arguments, or one per argument (null where the op is not differentiable). */
export type Rules<P> = Rule<P> | readonly (Rule<P> | null)[];

/** A batching rule: inputs with their batch axis (null = not batched) to output and its batch axis. */
export type BatchRule<P> = (args: Tensor[], dims: readonly (number | null)[], params: P) => [Tensor, number | null];

/** An op the engine can differentiate and batch: its kernel call and all its rules, defined together. */
export interface Primitive<P = undefined> {
  /** Names the op in errors, graphs and reports. */
  readonly name: string;
  /** Forward computation on concrete tensors (called with no tracers in `inputs`). */
  impl(inputs: readonly Tensor[], params: P): Tensor;
  /** Tangent rules: how each input's tangent moves the output. */
  readonly jvp: Rules<P>;
  /** Cotangent rules: how the output's cotangent reaches each input. */
  readonly vjp: Rules<P>;
  /** What the VJP rules read; reverse mode saves exactly this for the backward pass. */
  readonly saves: { readonly inputs: readonly number[] | 'all'; readonly output: boolean };
  /** The vmap rule. */
  readonly batch: BatchRule<P>;
}

/** Freezes a primitive definition (the type makes every rule required). */
export function definePrimitive<P = undefined>(p: Primitive<P>): Primitive<P> {
  return Object.freeze(p);
}

/** The rule for argument `arg`, or null when no derivative flows through it. */
export function ruleFor<P>(rules: Rules<P>, arg: number): Rule<P> | null {
  return typeof rules === 'function' ? rules : rules[arg] ?? null;
}

/** Whether reverse mode keeps input `arg` of `p` for the backward pass. */
export function savesInput(p: Primitive<any>, arg: number): boolean {
  return p.saves.inputs === 'all' || p.saves.inputs.includes(arg);
}
