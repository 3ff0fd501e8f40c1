/**
 * Colour scales for data. Diverging (ColorBrewer RdBu, via chroma-js) centred at zero: blue for
 * negative, near-white for zero, red for positive. Sequential (viridis) for one-signed data.
 * NaN and ±Inf get their own colours so they are never mistaken for values.
 */
import chroma from 'chroma-js';

/** Colour of NaN cells. */
export const NAN_COLOR = '#ff00ff';
/** Colour of +Inf and -Inf cells. */
export const INF_COLOR = '#ffbf00';

const diverging = chroma.scale('RdBu');
const sequential = chroma.scale('Viridis');

/** A function from value to `#rrggbb`. */
export type ColorScale = ((v: number) => string) & { kind: 'diverging' | 'sequential'; lo: number; hi: number };

function special(v: number): string | undefined {
  if (v !== v) return NAN_COLOR;
  if (v === Infinity || v === -Infinity) return INF_COLOR;
  return undefined;
}

/** Diverging scale over [-absMax, absMax]: -absMax blue (#053061), 0 white (#f7f7f7), +absMax red (#67001f). */
export function divergingScale(absMax: number): ColorScale {
  const m = absMax > 0 && Number.isFinite(absMax) ? absMax : 1;
  const f = (v: number) => special(v) ?? diverging(Math.min(1, Math.max(0, 0.5 - v / (2 * m)))).hex();
  return Object.assign(f, { kind: 'diverging' as const, lo: -m, hi: m });
}

/** Sequential (viridis) scale over [lo, hi]. */
export function sequentialScale(lo: number, hi: number): ColorScale {
  const span = hi > lo ? hi - lo : 1;
  const f = (v: number) => special(v) ?? sequential(Math.min(1, Math.max(0, (v - lo) / span))).hex();
  return Object.assign(f, { kind: 'sequential' as const, lo, hi: hi > lo ? hi : lo + 1 });
}

/**
 * The scale for a tensor's values: diverging around zero when values of both signs occur (always
 * for Jacobians), sequential otherwise.
 */
export function scaleFor(min: number | null, max: number | null, absMax: number | null, forceDiverging = false): ColorScale {
  if (min === null || max === null) return divergingScale(1);
  if (forceDiverging || (min < 0 && max > 0)) return divergingScale(absMax ?? 1);
  return sequentialScale(min, max);
}

/** RGB bytes of a `#rrggbb` colour. */
export function rgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [n >> 16, (n >> 8) & 255, n & 255];
}

/** Black or white, whichever reads better on the given background. */
export function inkOn(hex: string): string {
  return chroma(hex).luminance() > 0.35 ? '#000000' : '#ffffff';
}
