/**
 * The diverging colour scale of heatmaps: blue for negative, the theme's background for zero, red
 * for positive, symmetric around zero. Colours come from JupyterLab's --jp-* CSS variables, so the
 * light and dark themes each get a scale that fades into their own background.
 */
import chroma from 'chroma-js';

/** The colours a heatmap needs, resolved from the theme. */
export interface Palette {
  negative: string;
  zero: string;
  positive: string;
  /** NaN and ±Inf cells: never confused with a value. */
  invalid: string;
  text: string;
}

/** Palette used when no theme variable is set (JupyterLab light theme values). */
export const LIGHT_PALETTE: Palette = {
  negative: '#2166ac',
  zero: '#ffffff',
  positive: '#b2182b',
  invalid: '#8a8a8a',
  text: 'rgba(0, 0, 0, 0.87)',
};

/**
 * Reads the palette from CSS custom properties (`read('--jp-layout-color0')` etc.), falling back to
 * {@link LIGHT_PALETTE} for any that is unset or not a colour.
 */
export function paletteFrom(read: (name: string) => string): Palette {
  const pick = (name: string, fallback: string) => {
    const value = read(name).trim();
    return value && chroma.valid(value) ? value : fallback;
  };
  const zero = pick('--jp-layout-color0', LIGHT_PALETTE.zero);
  const dark = chroma(zero).luminance() < 0.3;
  return {
    // On a dark background the saturated ends are lightened so they stay readable.
    negative: dark ? '#4393c3' : LIGHT_PALETTE.negative,
    positive: dark ? '#d6604d' : LIGHT_PALETTE.positive,
    zero,
    invalid: pick('--jp-layout-color4', LIGHT_PALETTE.invalid),
    text: pick('--jp-ui-font-color1', LIGHT_PALETTE.text),
  };
}

/** Palette of the theme in effect for `element` (its computed --jp-* variables). */
export function themePalette(element: Element): Palette {
  const style = getComputedStyle(element);
  return paletteFrom((name) => style.getPropertyValue(name));
}

/** Number of precomputed steps of the scale (per sign). */
const STEPS = 128;

/** Maps values in [-limit, limit] to colours; outside values saturate, non-finite ones are `invalid`. */
export class DivergingScale {
  private readonly lut: Uint8ClampedArray;
  private readonly invalid: [number, number, number];

  constructor(
    readonly palette: Palette,
    /** Largest |value| shown at full colour; 0 or non-finite means every value shows as zero. */
    readonly limit: number,
  ) {
    const scale = chroma.scale([palette.negative, palette.zero, palette.positive]).mode('lab').domain([-1, 0, 1]);
    this.lut = new Uint8ClampedArray((2 * STEPS + 1) * 3);
    for (let i = 0; i <= 2 * STEPS; i++) this.lut.set(scale(i / STEPS - 1).rgb(), i * 3);
    this.invalid = chroma(palette.invalid).rgb() as [number, number, number];
  }

  /** Writes the RGB of `value` into `out` at `offset` (for filling ImageData quickly). */
  write(value: number, out: Uint8ClampedArray, offset: number): void {
    if (!Number.isFinite(value)) {
      out[offset] = this.invalid[0];
      out[offset + 1] = this.invalid[1];
      out[offset + 2] = this.invalid[2];
      return;
    }
    const t = this.limit > 0 && Number.isFinite(this.limit) ? Math.max(-1, Math.min(1, value / this.limit)) : 0;
    const i = Math.round((t + 1) * STEPS) * 3;
    out[offset] = this.lut[i];
    out[offset + 1] = this.lut[i + 1];
    out[offset + 2] = this.lut[i + 2];
  }

  /** The colour of `value` as [r, g, b] in 0..255. */
  rgb(value: number): [number, number, number] {
    const out = new Uint8ClampedArray(3);
    this.write(value, out, 0);
    return [out[0], out[1], out[2]];
  }

  /** Black or white text, whichever reads better on the colour of `value`. */
  ink(value: number): string {
    return chroma(this.rgb(value)).luminance() > 0.35 ? '#000000' : '#ffffff';
  }

  /** The colour of `value` as a CSS `rgb()` string. */
  css(value: number): string {
    const [r, g, b] = this.rgb(value);
    return `rgb(${r}, ${g}, ${b})`;
  }
}
