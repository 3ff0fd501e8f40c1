/**
 * Elementwise functions of one tensor. Each is a primitive whose JVP and VJP are both "multiply by
 * the local derivative", so each op only states that derivative (in terms of its input x or its
 * output y, whichever is cheaper to keep for the backward pass).
 */
import { Tensor } from '../tensor';
import type { UnaryKernel } from '../backend';
import { backend } from '../backend';
import { definePrimitive, type Primitive, type RuleContext } from '../engine/primitive';
import { bind } from '../engine/trace';
import { empty, requireTensor, defineMethods } from './util';
import { add, mul, div, sub } from './binary';
import { broadcastingBatch } from './batching';
import { promote } from '../dtype';
import { broadcastShapes, broadcastStrides, shapeEq, stridesOf } from '../shape';

type Uses = 'x' | 'y' | 'none';

/**
 * A unary primitive from its local derivative (rules multiply by it), or from one `rule` used as
 * both JVP and VJP (for ops that are linear, or whose product has a primitive of its own).
 */
function unaryPrimitive(
  name: UnaryKernel,
  uses: Uses,
  derivative: ((ctx: RuleContext<undefined>) => Tensor) | null,
  own?: (t: Tensor, ctx: RuleContext<undefined>) => Tensor,
): Primitive<undefined> {
  const rule = own ?? (derivative && ((t: Tensor, ctx: RuleContext<undefined>) => mul(t, derivative(ctx))));
  const p: Primitive<undefined> = definePrimitive({
    name,
    impl([x]) {
      const out = empty(x.shape, x.dtype);
      backend().unary(name, x.data, out.data);
      return out;
    },
    jvp: [rule],
    vjp: [rule],
    saves: { inputs: uses === 'x' ? [0] : [], output: uses === 'y' },
    batch: ([x], [d]) => [bind(p, [x], undefined), d],
  });
  return p;
}

const x0 = (c: RuleContext<undefined>) => c.inputs[0];
const y = (c: RuleContext<undefined>) => c.out;

/** The primitive of {@link neg}; it is linear, so its rules are negation itself. */
export const negP = unaryPrimitive('neg', 'none', null, (t) => neg(t));
/** The primitive of {@link exp}; its derivative reuses the output. */
export const expP = unaryPrimitive('exp', 'y', y);
/** The primitive of {@link log}. */
export const logP = unaryPrimitive('log', 'x', (c) => div(1, x0(c)));
/** The primitive of {@link log1p}. */
export const log1pP = unaryPrimitive('log1p', 'x', (c) => div(1, add(x0(c), 1)));
/** The primitive of {@link sin}. */
export const sinP = unaryPrimitive('sin', 'x', (c) => cos(x0(c)));
/** The primitive of {@link cos}. */
export const cosP = unaryPrimitive('cos', 'x', (c) => neg(sin(x0(c))));
/** The primitive of {@link tanh}; its rules are {@link tanhGrad} of the output. */
export const tanhP = unaryPrimitive('tanh', 'y', null, (t, c) => tanhGrad(t, y(c)));

/**
 * g · (1 − y²): how a tangent or cotangent g passes through tanh, from its output y. One primitive
 * instead of three ops, so the backward pass of a tanh layer makes one array instead of three
 * (y², 1 − y² and the product); when g and y share a shape, 1 − y² is built in the result itself.
 */
export const tanhGradP: Primitive<undefined> = definePrimitive({
  name: 'tanhGrad',
  impl([g, yv]) {
    const shape = broadcastShapes(g.shape, yv.shape, 'tanhGrad');
    const out = empty(shape, promote(g.dtype, yv.dtype));
    const d = shapeEq(yv.shape, shape) ? out : empty(yv.shape, out.dtype);
    const k = backend(), ys = stridesOf(yv.shape);
    // Elementwise kernels may write over an operand they read at the same index.
    k.binary('mul', yv.data, ys, yv.data, ys, yv.shape, d.data);
    k.binary('sub', ONE[d.dtype], ys.map(() => 0), d.data, ys, yv.shape, d.data);
    k.binary('mul', g.data, broadcastStrides(g.shape, shape), d.data, broadcastStrides(yv.shape, shape), shape, out.data);
    return out;
  },
  // Linear in g; in y its derivative is −2 g y.
  jvp: [(t, { inputs: [, yv] }) => tanhGrad(t, yv), (t, { inputs: [g, yv] }) => mul(t, mul(-2, mul(g, yv)))],
  vjp: [(c, { inputs: [, yv] }) => tanhGrad(c, yv), (c, { inputs: [g, yv] }) => mul(c, mul(-2, mul(g, yv)))],
  saves: { inputs: 'all', output: false },
  batch: broadcastingBatch(() => tanhGradP),
});

const ONE = { float32: Float32Array.of(1), float64: Float64Array.of(1) };

/** g · (1 − y²), where y = tanh(x): the tangent or cotangent of tanh, with broadcasting. */
export function tanhGrad(g: Tensor, y: Tensor): Tensor {
  requireTensor(g, 'tanhGrad', 'g');
  requireTensor(y, 'tanhGrad', 'y');
  return bind(tanhGradP, [g, y], undefined);
}
/** The primitive of {@link sqrt}; its derivative reuses the output. */
export const sqrtP = unaryPrimitive('sqrt', 'y', (c) => div(0.5, y(c)));
/** The primitive of {@link abs}. */
export const absP = unaryPrimitive('abs', 'x', (c) => sign(x0(c)));
/** The primitive of {@link sigmoid}; its derivative reuses the output. */
export const sigmoidP = unaryPrimitive('sigmoid', 'y', (c) => mul(y(c), sub(1, y(c))));
/** The primitive of {@link relu}. */
export const reluP = unaryPrimitive('relu', 'x', (c) => step(x0(c)));
/** sign and step are piecewise constant: their derivative is zero, so they carry none. */
export const signP = unaryPrimitive('sign', 'none', null);
export const stepP = unaryPrimitive('step', 'none', null);

/** The public function of a unary primitive: checks its argument is a tensor, then applies it. */
function unary(p: Primitive<undefined>) {
  return (x: Tensor): Tensor => {
    requireTensor(x, p.name);
    return bind(p, [x], undefined);
  };
}

/** -x */
export const neg = unary(negP);
/** e^x */
export const exp = unary(expP);
/** Natural logarithm. */
export const log = unary(logP);
/** log(1 + x), accurate for small x. */
export const log1p = unary(log1pP);
/** Sine. */
export const sin = unary(sinP);
/** Cosine. */
export const cos = unary(cosP);
/** Hyperbolic tangent. */
export const tanh = unary(tanhP);
/** Square root. */
export const sqrt = unary(sqrtP);
/** |x| (its derivative at 0 is taken as 0, as in JAX and PyTorch). */
export const abs = unary(absP);
/** The logistic function 1 / (1 + e^-x), computed without overflow. */
export const sigmoid = unary(sigmoidP);
/** max(x, 0) (derivative 0 at 0). */
export const relu = unary(reluP);
/** -1, 0 or 1 by the sign of x (no gradient). */
export const sign = unary(signP);
/** 1 where x > 0, else 0 (no gradient): the derivative of relu. */
export const step = unary(stepP);
/** x * x */
export function square(x: Tensor): Tensor {
  requireTensor(x, 'square');
  return mul(x, x);
}

declare module '../tensor' {
  interface Tensor {
    /** -x */ neg(): Tensor;
    /** e^x */ exp(): Tensor;
    /** Natural logarithm. */ log(): Tensor;
    /** log(1 + x) */ log1p(): Tensor;
    /** Sine. */ sin(): Tensor;
    /** Cosine. */ cos(): Tensor;
    /** Hyperbolic tangent. */ tanh(): Tensor;
    /** Square root. */ sqrt(): Tensor;
    /** Absolute value. */ abs(): Tensor;
    /** Logistic sigmoid. */ sigmoid(): Tensor;
    /** max(x, 0) */ relu(): Tensor;
    /** Sign (no gradient). */ sign(): Tensor;
    /** 1 where x > 0, else 0 (no gradient). */ step(): Tensor;
    /** x * x */ square(): Tensor;
  }
}
defineMethods({ neg, exp, log, log1p, sin, cos, tanh, sqrt, abs, sigmoid, relu, sign, step, square });
