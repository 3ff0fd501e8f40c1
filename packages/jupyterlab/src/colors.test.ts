import { describe, expect, it } from 'vitest';
import { DivergingScale, LIGHT_PALETTE, paletteFrom } from './colors';

const vars = (values: Record<string, string>) => (name: string) => values[name] ?? '';

describe('DivergingScale', () => {
  const scale = new DivergingScale(LIGHT_PALETTE, 2);

  it('is red for positive, blue for negative, the background at zero', () => {
    const [r, , b] = scale.rgb(2);
    expect(r - b).toBeGreaterThan(100);
    const [r2, , b2] = scale.rgb(-2);
    expect(b2 - r2).toBeGreaterThan(100);
    expect(scale.rgb(0)).toEqual([255, 255, 255]);
  });

  it('grows more saturated with |value| and saturates beyond the limit', () => {
    const redness = (v: number) => scale.rgb(v)[0] - scale.rgb(v)[2];
    expect(redness(1)).toBeGreaterThan(0);
    expect(redness(2)).toBeGreaterThan(redness(1));
    expect(scale.rgb(50)).toEqual(scale.rgb(2));
    expect(scale.rgb(-50)).toEqual(scale.rgb(-2));
  });

  it('gives NaN and ±Inf their own colour', () => {
    const invalid = scale.rgb(NaN);
    expect(scale.rgb(Infinity)).toEqual(invalid);
    expect(scale.rgb(-Infinity)).toEqual(invalid);
    expect(invalid).not.toEqual(scale.rgb(0));
  });

  it('shows everything as zero when the limit is 0 (an all-zero tensor)', () => {
    expect(new DivergingScale(LIGHT_PALETTE, 0).rgb(0)).toEqual([255, 255, 255]);
  });
});

describe('DivergingScale.ink', () => {
  it('writes white on the saturated ends and black on the pale zero colour', () => {
    const scale = new DivergingScale(LIGHT_PALETTE, 2);
    expect(scale.ink(2)).toBe('#ffffff');
    expect(scale.ink(-2)).toBe('#ffffff');
    expect(scale.ink(0)).toBe('#000000');
  });
});

describe('paletteFrom', () => {
  it('takes the zero colour from the theme background and adapts the ends to dark themes', () => {
    const dark = paletteFrom(vars({ '--jp-layout-color0': '#111111', '--jp-ui-font-color1': 'rgba(255,255,255,0.87)' }));
    expect(dark.zero).toBe('#111111');
    expect(dark.negative).not.toBe(LIGHT_PALETTE.negative);
    expect(new DivergingScale(dark, 1).rgb(0)).toEqual([17, 17, 17]);
  });

  it('falls back to the light palette for unset or invalid variables', () => {
    expect(paletteFrom(vars({}))).toEqual(LIGHT_PALETTE);
    expect(paletteFrom(vars({ '--jp-layout-color0': 'url(javascript:alert(1))' })).zero).toBe(LIGHT_PALETTE.zero);
  });
});
