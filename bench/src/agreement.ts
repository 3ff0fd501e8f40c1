/**
 * The agreement check: before a peer's time counts, its results must match jacobi's. Each output
 * array is summarized by a few entries at fixed positions and its mean absolute value; the child
 * processes send only these summaries.
 */
import type { DType } from './workloads';

/** A summary of one output array. */
export interface CheckGroup {
  name: string;
  size: number;
  /** Entries at {@link sampleIndices}. */
  samples: number[];
  meanAbs: number;
}

/**
 * Largest deviation from jacobi, relative to the reference array's scale, that still counts as the
 * same numbers. float64 allows rounding at the level of float32 transcendentals (jax-js evaluates
 * some float64 functions with about 1e-7 relative error) but nothing larger.
 */
export const TOLERANCE: Record<DType, number> = { float32: 2e-3, float64: 1e-6 };

/** The positions sampled from an array of `size` elements (first, second, thirds, middle, last). */
export function sampleIndices(size: number): number[] {
  const picks = [0, 1, Math.floor(size / 3), Math.floor(size / 2), Math.floor((2 * size) / 3), size - 1];
  return [...new Set(picks.filter((i) => i >= 0 && i < size))];
}

/** Summarizes output arrays (named in order) for the agreement check. */
export function summarize(names: readonly string[], arrays: readonly ArrayLike<number>[]): CheckGroup[] {
  if (names.length !== arrays.length) throw new Error(`summarize: expected ${names.length} outputs (${names.join(', ')}), got ${arrays.length}`);
  return arrays.map((a, k) => {
    let total = 0;
    for (let i = 0; i < a.length; i++) total += Math.abs(a[i]);
    return { name: names[k], size: a.length, samples: sampleIndices(a.length).map((i) => a[i]), meanAbs: total / a.length };
  });
}

/** How far a peer's summaries are from jacobi's: the worst deviation relative to each array's scale, and where. */
export interface Deviation {
  relative: number;
  where: string;
}

/** Measures how far a peer's summaries are from jacobi's (Infinity when an output is missing or mis-sized). */
export function deviation(reference: readonly CheckGroup[], peer: readonly CheckGroup[]): Deviation {
  let worst: Deviation = { relative: 0, where: 'none' };
  for (const ref of reference) {
    const other = peer.find((g) => g.name === ref.name);
    if (!other) return { relative: Infinity, where: `${ref.name}: missing from the peer's results` };
    if (other.size !== ref.size) return { relative: Infinity, where: `${ref.name}: ${other.size} elements, jacobi has ${ref.size}` };
    const scale = Math.max(ref.meanAbs, ...ref.samples.map(Math.abs), Number.MIN_VALUE);
    const indices = sampleIndices(ref.size);
    const pairs: [string, number, number][] = [
      ...ref.samples.map((v, i): [string, number, number] => [`entry ${indices[i]}`, v, other.samples[i]]),
      ['mean |x|', ref.meanAbs, other.meanAbs],
    ];
    for (const [what, mine, theirs] of pairs) {
      const relative = Number.isFinite(theirs) ? Math.abs(mine - theirs) / scale : Infinity;
      if (!(relative <= worst.relative)) worst = { relative, where: `${ref.name} ${what}: ${theirs} vs jacobi ${mine}` };
    }
  }
  return worst;
}

/** Null when a peer agrees with jacobi within {@link TOLERANCE}, otherwise what differs. */
export function disagreement(reference: readonly CheckGroup[], peer: readonly CheckGroup[], dtype: DType): string | null {
  const d = deviation(reference, peer);
  return d.relative <= TOLERANCE[dtype] ? null : `${d.where} (relative deviation ${d.relative.toPrecision(2)}, tolerance ${TOLERANCE[dtype]})`;
}
