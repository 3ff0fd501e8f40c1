/** Small pure helpers for figures: medians, throughput, ratios. */

/** The median (mean of the two middle values for an even count); NaN for no values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** GFLOP/s of `flops` operations done in `ms` milliseconds. */
export function gflops(flops: number, ms: number): number {
  return flops / (ms * 1e6);
}

/** jacobi's figure over the peer's; undefined when either is missing. */
export function ratio(jacobi: number | undefined, peer: number | undefined): number | undefined {
  return jacobi === undefined || peer === undefined || !(peer > 0) ? undefined : jacobi / peer;
}
