import { describe, expect, it } from 'vitest';
import { backend, setBackend, randn, reshape, transpose, mul, add, where, gt, tanh, vmap, jacfwd, jacrev, matmul, Tensor } from '../index';
import { checkVmap } from '../testing';
import { matmulT } from './matmul';

const r = (shape: number[], seed: number) => randn(shape, { seed });

/** How many strided copies (transposes, moved batch axes) `run` makes. */
function stridedCopies(run: () => void): number {
  const kernels = backend();
  let copies = 0;
  setBackend({ ...kernels, strided: (...a: Parameters<typeof kernels.strided>) => (copies++, kernels.strided(...a)) });
  try {
    run();
  } finally {
    setBackend(kernels);
  }
  return copies;
}

describe('batch rules keep a batch axis where it is', () => {
  it('elementwise ops over a batch in the last axis broadcast the shared operand instead of moving the batch', () => {
    const xs = r([4, 3, 5], 1), ys = r([4, 3, 5], 2), row = r([3], 3), c = r([4, 1], 4);
    const f = (x: Tensor, y: Tensor) => tanh(add(mul(x, y), c));
    expect(stridedCopies(() => vmap(f, { inAxes: -1, outAxes: -1 })(xs, ys))).toBe(0);
    checkVmap(f, [xs, ys], { inAxes: -1, outAxes: -1 });
    // a shared operand of lower rank, and where's three operands
    expect(stridedCopies(() => vmap((x: Tensor) => mul(x, row), { inAxes: 1, outAxes: 1 })(r([4, 5, 3], 5)))).toBe(0);
    checkVmap((x: Tensor) => mul(x, row), [r([4, 5, 3], 5)], { inAxes: 1, outAxes: 1 });
    checkVmap((x: Tensor, y: Tensor) => where(gt(x, 0), x, y), [xs, ys], { inAxes: [2, 2], outAxes: 2 });
    // batch axes at different places still work (one of them moves)
    checkVmap((x: Tensor, y: Tensor) => mul(x, y), [r([5, 3], 6), r([3, 5], 7)], { inAxes: [0, 1] });
  });

  it('reshape leaves the batch axis in place when the values before it stay together', () => {
    const xs = r([6, 5, 1], 8); // batch of 5 in axis 1; each element is [6, 1]
    const flat = (x: Tensor) => reshape(x, [2, 3]);
    expect(stridedCopies(() => vmap(flat, { inAxes: 1, outAxes: 2 })(xs))).toBe(0);
    expect(vmap(flat, { inAxes: 1, outAxes: 2 })(xs).shape).toEqual([2, 3, 5]);
    checkVmap(flat, [xs], { inAxes: 1, outAxes: 2 });
    checkVmap(flat, [xs], { inAxes: 1 });
    // [2, 3] -> [3, 2] with the batch between: no place keeps it, so it moves to the front
    checkVmap((x: Tensor) => reshape(x, [3, 2]), [r([2, 4, 3], 9)], { inAxes: 1 });
  });

  it('a transpose that moves only axes of length 1 shares the storage', () => {
    const x = r([1, 4, 1], 10);
    const t = transpose(x, [1, 2, 0]);
    expect(t.shape).toEqual([4, 1, 1]);
    expect(t.data).toBe(x.data);
    expect(Array.from(t.data)).toEqual(Array.from(x.data));
    expect(transpose(r([2, 3], 11)).data).not.toBe(r([2, 3], 11).data);
  });

  it('jacfwd of tanh(W x) pushes its batch of tangents through without a single transpose', () => {
    const W = r([5, 4], 12), x = r([4], 13);
    const f = (v: Tensor) => tanh(matmul(W, v));
    let J: Tensor | undefined;
    expect(stridedCopies(() => (J = jacfwd(f)(x)))).toBe(0);
    const Jr = jacrev(f)(x);
    J!.data.forEach((v, i) => expect(v).toBeCloseTo(Jr.data[i], 12));
  });
});

describe('jacrev of a matrix-vector product', () => {
  it('takes its batch of cotangent rows through tanh(W x) without a single transpose', () => {
    const W = r([5, 4], 14), x = r([4], 15);
    const f = (v: Tensor) => tanh(matmul(W, v));
    let J: Tensor | undefined;
    expect(stridedCopies(() => (J = jacrev(f)(x)))).toBe(0);
    const Jf = jacfwd(f)(x);
    J!.data.forEach((v, i) => expect(v).toBeCloseTo(Jf.data[i], 12));
    // and with W read transposed by the product (no copy of W either)
    const g = (v: Tensor) => tanh(reshape(matmulT(W, reshape(v, [5, 1]), true, false), [4]));
    const v = r([5], 16);
    let Jg: Tensor | undefined;
    expect(stridedCopies(() => (Jg = jacrev(g)(v)))).toBe(0);
    const Jgf = jacfwd(g)(v);
    Jg!.data.forEach((u, i) => expect(u).toBeCloseTo(Jgf.data[i], 12));
    checkVmap((u: Tensor) => matmul(W, reshape(u, [4, 1])), [r([3, 4], 17)]);
  });
});
