/**
 * Shared pieces of the property-based tests: fast-check generators of shapes (zero-size
 * dimensions and every broadcasting pattern included), tensors with reproducible values, a plain
 * reference of NumPy's broadcast index rule, and a counter of the cases each property generated.
 *
 * The reference helpers here work on plain arrays and index arithmetic only: they never call the
 * op they check.
 */
import fc from 'fast-check';
import { afterAll, expect } from 'vitest';
import { tensor, type Tensor } from '../tensor';
import type { DType } from '../dtype';
import { sizeOf as size, unravel } from '../shape';

/** Runs one property with a stated number of runs and counts its cases for the file's summary. */
export function property<T>(name: string, arb: fc.Arbitrary<T>, predicate: (value: T) => void, numRuns: number): void {
  let ran = 0;
  fc.assert(
    fc.property(arb, (v) => {
      predicate(v);
      ran++; // counts cases that ran to the end (not those fc.pre skipped)
    }),
    { numRuns, ...seedOption() },
  );
  caseCounts.set(name, (caseCounts.get(name) ?? 0) + ran);
}

// JACOBI_FC_SEED=<n> replays a failing run (fast-check prints the seed and path on failure).
const seedOption = (): { seed?: number } => (process.env.JACOBI_FC_SEED ? { seed: Number(process.env.JACOBI_FC_SEED) } : {});

const caseCounts = new Map<string, number>();

/** Prints how many cases the file's properties generated (the report totals these lines). */
export function reportCases(file: string): void {
  afterAll(() => {
    const total = [...caseCounts.values()].reduce((a, b) => a + b, 0);
    console.log(`[properties] ${file}: ${total} generated cases in ${caseCounts.size} properties`);
  });
}

/** A dimension: 0 (empty), 1 (broadcastable) or a small size. */
export const dim = (max = 4): fc.Arbitrary<number> => fc.integer({ min: 0, max });

/** A shape of rank 0..maxRank whose dimensions may be zero. */
export const shapeArb = (maxRank = 4, maxDim = 4): fc.Arbitrary<number[]> => fc.array(dim(maxDim), { maxLength: maxRank });

/** A shape with no zero dimension (for gradient checks). */
export const nonEmptyShape = (maxRank = 3, maxDim = 3): fc.Arbitrary<number[]> => fc.array(fc.integer({ min: 1, max: maxDim }), { maxLength: maxRank });

/**
 * Two shapes that broadcast together, covering every pattern: a missing leading axis on either
 * side, a 1 against n (either side), a 1 against 0, 0 against 0, and scalars.
 */
export const broadcastPair = (maxRank = 4, maxDim = 3, allowZero = true): fc.Arbitrary<[number[], number[]]> =>
  fc
    .tuple(
      fc.array(fc.tuple(fc.integer({ min: allowZero ? 0 : 1, max: maxDim }), fc.constantFrom('both', 'left1', 'right1')), { maxLength: maxRank }),
      fc.nat({ max: maxRank }),
      fc.nat({ max: maxRank }),
    )
    .map(([axes, dropA, dropB]) => {
      const a = axes.map(([d, how]) => (how === 'left1' ? 1 : d));
      const b = axes.map(([d, how]) => (how === 'right1' ? 1 : d));
      // missing leading axes: drop up to `drop` of the leading ones on one side only
      return dropA >= dropB ? [a.slice(Math.min(dropA - dropB, a.length)), b] : [a, b.slice(Math.min(dropB - dropA, b.length))];
    });

/** A deterministic pseudo-random number stream (mulberry32), independent of the library. */
export function stream(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values in [lo, hi) for a tensor of `shape`, reproducible from `seed`. */
export function values(shape: readonly number[], seed: number, lo = -2, hi = 2): number[] {
  const next = stream(seed);
  return Array.from({ length: size(shape) }, () => lo + (hi - lo) * next());
}

/** A tensor of `shape` with reproducible values (see {@link values}). */
export function randomTensor(shape: readonly number[], seed: number, dtype: DType = 'float64', lo = -2, hi = 2): Tensor {
  return tensor(values(shape, seed, lo, hi), { shape, dtype });
}

// Index arithmetic shared with the library (plain loops, not the ops under test).
export { size, unravel };

/** The flat position of multi-index `idx` in a row-major array of `shape`. */
export const ravel = (idx: readonly number[], shape: readonly number[]): number => idx.reduce((acc, i, d) => acc * shape[d] + i, 0);

/** The broadcast result shape by NumPy's rule, or null when the shapes do not broadcast. */
export function broadcastResult(...shapes: (readonly number[])[]): number[] | null {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const ds = shapes.map((s) => s[s.length - rank + i] ?? 1);
    const big = ds.filter((d) => d !== 1);
    if (big.some((d) => d !== big[0])) return null;
    out.push(big.length ? big[0] : 1);
  }
  return out;
}

/** Reads `data` of `shape` at output multi-index `outIdx` by the broadcast rule (align right, size-1 axes repeat). */
export function readBroadcast(data: ArrayLike<number>, shape: readonly number[], outIdx: readonly number[]): number {
  const off = outIdx.length - shape.length;
  return data[ravel(shape.map((d, i) => (d === 1 ? 0 : outIdx[off + i])), shape)];
}

/** Element-by-element reference of a broadcasting elementwise function of any number of operands. */
export function referenceElementwise(operands: { data: ArrayLike<number>; shape: readonly number[] }[], f: (...v: number[]) => number): { shape: number[]; data: number[] } {
  const shape = broadcastResult(...operands.map((o) => o.shape));
  if (shape === null) throw new Error('reference: shapes do not broadcast');
  const data = Array.from({ length: size(shape) }, (_, k) => {
    const idx = unravel(k, shape);
    return f(...operands.map((o) => readBroadcast(o.data, o.shape, idx)));
  });
  return { shape, data };
}

/** Same value in IEEE terms: NaN equals NaN, and -0 equals +0. */
const ieeeSame = (a: number, b: number) => (Number.isNaN(a) && Number.isNaN(b)) || a === b;

/**
 * Asserts `actual` has `shape` and the expected values: exactly (NaN matching NaN) or within a
 * relative tolerance `rtol` (infinities must match exactly).
 */
export function expectValues(actual: Tensor, shape: readonly number[], expected: ArrayLike<number>, rtol = 0, what = ''): void {
  expect(actual.shape, `${what} shape`).toEqual(shape);
  const got = actual.data;
  expect(got.length, `${what} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const [g, e] = [got[i], expected[i]];
    const ok = ieeeSame(g, e) || (rtol > 0 && Number.isFinite(e) && Math.abs(g - e) <= rtol * Math.max(1, Math.abs(e)));
    if (!ok) expect(g, `${what} element ${i} of shape [${shape.join(', ')}]`).toBe(e);
  }
}
