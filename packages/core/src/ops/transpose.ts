import { Tensor, fromStorage } from '../tensor';
import { backend } from '../backend';
import { fmt, normalizeAxis, stridesOf } from '../shape';
import { definePrimitive } from '../engine/primitive';
import { bind } from '../engine/trace';
import { empty, requireTensor, defineMethods } from './util';

const inverse = (perm: readonly number[]) => perm.map((_, i) => perm.indexOf(i));

/** Permutes axes: output axis i is input axis perm[i]. */
export const transposeP = definePrimitive<{ perm: readonly number[] }>({
  name: 'transpose',
  impl([x], { perm }) {
    // Moving only axes of length 1 leaves every value where it was: share the storage (tensors are
    // immutable), as reshape does.
    const moved = perm.filter((p) => x.shape[p] !== 1);
    if (moved.every((p, i) => i === 0 || moved[i - 1] < p)) return fromStorage(x.data, perm.map((p) => x.shape[p]));
    const xs = stridesOf(x.shape);
    const out = empty(perm.map((p) => x.shape[p]), x.dtype);
    backend().strided(x.data, 0, perm.map((p) => xs[p]), out.shape, out.data);
    return out;
  },
  jvp: (t, { params }) => transpose(t, params.perm),
  vjp: (g, { params }) => transpose(g, inverse(params.perm)),
  saves: { inputs: [], output: false },
  batch: ([x], [d], { perm }) => {
    // keep the batch axis where it is; permute the others around it
    const axes = [...Array(x.ndim).keys()].filter((i) => i !== d);
    const full = [d as number, ...perm.map((p) => axes[p])];
    return [transpose(x, full), 0];
  },
});

/** Permutes the axes of `x` (reverses them when `perm` is omitted), like NumPy's transpose. */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  requireTensor(x, 'transpose');
  const p = perm ?? [...Array(x.ndim).keys()].reverse();
  const sorted = [...p].map((a) => (a < 0 ? a + x.ndim : a)).sort((a, b) => a - b);
  if (p.length !== x.ndim || !sorted.every((a, i) => a === i)) {
    throw new Error(`transpose: ${fmt(p)} is not a permutation of the ${x.ndim} axes of a tensor of shape ${fmt(x.shape)}`);
  }
  const norm = p.map((a) => (a < 0 ? a + x.ndim : a));
  if (norm.every((a, i) => a === i)) return x;
  return bind(transposeP, [x], { perm: norm });
}

/** Alias of {@link transpose} with an explicit order, as in PyTorch. */
export const permute = (x: Tensor, perm: readonly number[]): Tensor => transpose(x, perm);

/** Moves axis `from` to position `to`, keeping the others in order. */
export function moveaxis(x: Tensor, from: number, to: number): Tensor {
  requireTensor(x, 'moveaxis');
  const f = normalizeAxis(from, x.ndim, 'moveaxis');
  const t = normalizeAxis(to, x.ndim, 'moveaxis');
  const rest = [...Array(x.ndim).keys()].filter((i) => i !== f);
  rest.splice(t, 0, f);
  return transpose(x, rest);
}

/** Swaps the last two axes (the matrix transpose of a batch of matrices). */
export function mT(x: Tensor): Tensor {
  requireTensor(x, 'mT');
  if (x.ndim < 2) throw new Error(`mT: needs at least 2 dimensions, got shape ${fmt(x.shape)}`);
  const perm = [...Array(x.ndim).keys()];
  [perm[x.ndim - 2], perm[x.ndim - 1]] = [perm[x.ndim - 1], perm[x.ndim - 2]];
  return transpose(x, perm);
}

declare module '../tensor' {
  interface Tensor {
    /** Permutes axes (reverses them by default). */ transpose(perm?: readonly number[]): Tensor;
    /** Permutes axes. */ permute(perm: readonly number[]): Tensor;
    /** Moves one axis to a new position; see {@link moveaxis}. */ moveaxis(from: number, to: number): Tensor;
    /** Matrix transpose of a 2-D tensor (a batch: use mT). */ readonly T: Tensor;
    /** Swaps the last two axes. */ readonly mT: Tensor;
  }
}
defineMethods({ transpose, permute: transpose, moveaxis });
Object.defineProperty(Tensor.prototype, 'T', { get(this: Tensor) { return transpose(this); }, configurable: true });
Object.defineProperty(Tensor.prototype, 'mT', { get(this: Tensor) { return mT(this); }, configurable: true });
