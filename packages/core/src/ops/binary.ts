/**
 * Elementwise functions of two tensors, with NumPy broadcasting and float32/float64 promotion.
 * Rules return derivatives at the broadcast (output) shape; the engine sums them back down.
 */
import { Tensor, type TensorLike } from '../tensor';
import { backend, type BinaryKernel } from '../backend';
import { promote } from '../dtype';
import { broadcastShapes, broadcastStrides } from '../shape';
import { definePrimitive, type Primitive, type Rules } from '../engine/primitive';
import { bind } from '../engine/trace';
import { asPair, defineMethods, empty } from './util';
import { broadcastingBatch } from './batching';
import { log } from './unary';
import { where } from './where';

/** The forward kernel call shared by every binary primitive. */
export function binaryImpl(op: BinaryKernel, name: string) {
  return ([a, b]: readonly Tensor[]): Tensor => {
    const shape = broadcastShapes(a.shape, b.shape, name);
    const out = empty(shape, promote(a.dtype, b.dtype));
    backend().binary(op, a.data, broadcastStrides(a.shape, shape), b.data, broadcastStrides(b.shape, shape), shape, out.data);
    return out;
  };
}

function binaryPrimitive(name: BinaryKernel, jvp: Rules<undefined>, vjp: Rules<undefined>, saves: Primitive<undefined>['saves']): Primitive<undefined> {
  const p: Primitive<undefined> = definePrimitive({ name, impl: binaryImpl(name, name), jvp, vjp, saves, batch: broadcastingBatch(() => p) });
  return p;
}

/** The primitive of {@link add}. */
export const addP = binaryPrimitive('add', (t) => t, (g) => g, { inputs: [], output: false });
/** The primitive of {@link sub}. */
export const subP = binaryPrimitive('sub', [(t) => t, (t) => neg(t)], [(g) => g, (g) => neg(g)], { inputs: [], output: false });
/** The primitive of {@link mul}. */
export const mulP = binaryPrimitive(
  'mul',
  [(t, { inputs }) => mul(t, inputs[1]), (t, { inputs }) => mul(inputs[0], t)],
  [(g, { inputs }) => mul(g, inputs[1]), (g, { inputs }) => mul(inputs[0], g)],
  { inputs: 'all', output: false },
);
// d(a/b) = da/b - (a/b) db/b: the output is reused instead of recomputing a/b^2.
/** The primitive of {@link div}. */
export const divP = binaryPrimitive(
  'div',
  [(t, { inputs }) => div(t, inputs[1]), (t, { inputs, out }) => neg(div(mul(t, out), inputs[1]))],
  [(g, { inputs }) => div(g, inputs[1]), (g, { inputs, out }) => neg(div(mul(g, out), inputs[1]))],
  { inputs: [1], output: true },
);
// d(a^b) = b a^(b-1) da + a^b log(a) db. At a = 0, a^b is constant in b (0, or 1 at b = 0), so
// log(a) is replaced by log(1) = 0 there instead of letting 0 * -Infinity make NaN (as JAX does).
const powDa = (t: Tensor, a: Tensor, b: Tensor) => mul(t, mul(b, pow(a, sub(b, 1))));
const powDb = (t: Tensor, a: Tensor, out: Tensor) => mul(t, mul(out, log(where(eq(a, 0), 1, a))));
/** The primitive of {@link pow}. */
export const powP = binaryPrimitive(
  'pow',
  [(t, { inputs }) => powDa(t, inputs[0], inputs[1]), (t, { inputs, out }) => powDb(t, inputs[0], out)],
  [(g, { inputs }) => powDa(g, inputs[0], inputs[1]), (g, { inputs, out }) => powDb(g, inputs[0], out)],
  { inputs: 'all', output: true },
);
// Where a and b tie, each gets half the derivative (as in JAX), keeping max(x, x) = x exact.
const share = (mine: Tensor, other: Tensor, wins: (a: Tensor, b: Tensor) => Tensor) => add(wins(mine, other), mul(eq(mine, other), 0.5));
const extremum = (wins: (a: Tensor, b: Tensor) => Tensor): Rules<undefined> => [
  (t, { inputs: [a, b] }) => mul(t, share(a, b, wins)),
  (t, { inputs: [a, b] }) => mul(t, share(b, a, wins)),
];
/** The primitive of {@link maximum}. */
export const maxP = binaryPrimitive('max', extremum((a, b) => gt(a, b)), extremum((a, b) => gt(a, b)), { inputs: 'all', output: false });
/** The primitive of {@link minimum}. */
export const minP = binaryPrimitive('min', extremum((a, b) => lt(a, b)), extremum((a, b) => lt(a, b)), { inputs: 'all', output: false });

/** Comparisons give 1 where true and 0 where false; they carry no gradient. */
function comparison(name: BinaryKernel): Primitive<undefined> {
  return binaryPrimitive(name, [null, null], [null, null], { inputs: [], output: false });
}
/** The primitives of the comparisons {@link eq}, {@link ne}, {@link lt}, {@link le}, {@link gt}, {@link ge}. */
export const eqP = comparison('eq');
export const neP = comparison('ne');
export const ltP = comparison('lt');
export const leP = comparison('le');
export const gtP = comparison('gt');
export const geP = comparison('ge');

/** The public function of a binary primitive; `label` names it in errors (maximum, not its kernel max). */
const binary = (p: Primitive<undefined>, label = p.name) => (a: TensorLike, b: TensorLike): Tensor => {
  const [x, y] = asPair(a, b, label);
  broadcastShapes(x.shape, y.shape, label); // fail here, with the name the user called
  return bind(p, [x, y], undefined);
};

/** a + b (broadcasting) */
export const add = binary(addP);
/** a - b (broadcasting) */
export const sub = binary(subP);
/** a * b, elementwise (broadcasting) */
export const mul = binary(mulP);
/** a / b (broadcasting) */
export const div = binary(divP);
/** a ** b (broadcasting) */
export const pow = binary(powP);
/** Elementwise maximum (broadcasting); NaN wins. */
export const maximum = binary(maxP, 'maximum');
/** Elementwise minimum (broadcasting); NaN wins. */
export const minimum = binary(minP, 'minimum');
/** 1 where a == b, else 0 (no gradient). */
export const eq = binary(eqP);
/** 1 where a != b, else 0 (no gradient). */
export const ne = binary(neP);
/** 1 where a < b, else 0 (no gradient). */
export const lt = binary(ltP);
/** 1 where a <= b, else 0 (no gradient). */
export const le = binary(leP);
/** 1 where a > b, else 0 (no gradient). */
export const gt = binary(gtP);
/** 1 where a >= b, else 0 (no gradient). */
export const ge = binary(geP);

const neg = (x: Tensor): Tensor => mul(x, -1);

declare module '../tensor' {
  interface Tensor {
    /** this + other */ add(other: TensorLike): Tensor;
    /** this - other */ sub(other: TensorLike): Tensor;
    /** this * other, elementwise */ mul(other: TensorLike): Tensor;
    /** this / other */ div(other: TensorLike): Tensor;
    /** this ** other */ pow(other: TensorLike): Tensor;
    /** Elementwise maximum. */ maximum(other: TensorLike): Tensor;
    /** Elementwise minimum. */ minimum(other: TensorLike): Tensor;
    /** 1 where equal. */ eq(other: TensorLike): Tensor;
    /** 1 where not equal. */ ne(other: TensorLike): Tensor;
    /** 1 where less. */ lt(other: TensorLike): Tensor;
    /** 1 where less or equal. */ le(other: TensorLike): Tensor;
    /** 1 where greater. */ gt(other: TensorLike): Tensor;
    /** 1 where greater or equal. */ ge(other: TensorLike): Tensor;
  }
}
defineMethods({ add, sub, mul, div, pow, maximum, minimum, eq, ne, lt, le, gt, ge });
