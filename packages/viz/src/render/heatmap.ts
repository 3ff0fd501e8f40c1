/** Heatmaps (one rectangle per cell when small, an embedded PNG when large) and colour bars. */
import { INF_COLOR, NAN_COLOR, inkOn, rgb, type ColorScale } from './color';
import { pngDataUri } from './png';
import { clip, round, text } from './svg';
import { escapeXml, formatNumber, formatShort } from './text';

/** Above this many cells a heatmap is drawn as one PNG image instead of SVG rectangles. */
export const MAX_RECT_CELLS = 1024;

/** Each value is printed in its cell when neither side of the grid exceeds this many cells. */
export const MAX_VALUE_CELLS = 12;

/** Where and how to draw a heatmap of a row-major `rows × cols` grid. */
export interface HeatmapSpec {
  values: ArrayLike<number>;
  rows: number;
  cols: number;
  x: number;
  y: number;
  width: number;
  height: number;
  scale: ColorScale;
  /** Accessible label of the image. */
  label?: string;
  /** Draw as an image even when small (used when many small heatmaps share one picture). */
  asImage?: boolean;
  /** Print each value in its cell (only honoured up to `MAX_VALUE_CELLS` per side). */
  showValues?: boolean;
}

/** SVG for a heatmap; NaN/±Inf cells take their own colours (see `color.ts`). */
export function heatmap(spec: HeatmapSpec): string {
  const { values, rows, cols, x, y, width, height, scale } = spec;
  const frame = `<rect class="axis" x="${round(x)}" y="${round(y)}" width="${round(width)}" height="${round(height)}" fill="none" stroke-width="1"/>`;
  if (rows * cols === 0) return frame;
  if (rows * cols <= MAX_RECT_CELLS && !spec.asImage) {
    const w = width / cols;
    const h = height / rows;
    const cells: string[] = [];
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const v = values[i * cols + j];
        cells.push(`<rect x="${round(x + j * w)}" y="${round(y + i * h)}" width="${round(w)}" height="${round(h)}" fill="${scale(v)}" data-i="${i}" data-j="${j}" data-v="${formatNumber(v)}"/>`);
      }
    }
    const labels = spec.showValues && rows <= MAX_VALUE_CELLS && cols <= MAX_VALUE_CELLS ? cellValues(spec) : '';
    return `<g class="cells" shape-rendering="crispEdges">${cells.join('')}</g>${labels}${frame}`;
  }
  const pixels = new Uint8Array(rows * cols * 3);
  for (let k = 0; k < rows * cols; k++) pixels.set(rgb(scale(values[k])), k * 3);
  const label = spec.label ? ` aria-label="${escapeXml(clip(spec.label))}"` : '';
  return (
    `<image class="cells" x="${round(x)}" y="${round(y)}" width="${round(width)}" height="${round(height)}" preserveAspectRatio="none" ` +
    `style="image-rendering:pixelated" href="${pngDataUri(cols, rows, pixels)}"${label}/>` +
    frame
  );
}

/**
 * The text printed in a value cell and its font size (shrunk so the label fits the cell), or null
 * when it would be unreadably small. Shared by the static SVG and the interactive canvas.
 */
export function cellLabel(v: number, cellWidth: number, cellHeight: number): { label: string; size: number } | null {
  const label = formatShort(v);
  const size = Math.min(12, cellHeight * 0.6, (cellWidth * 0.9) / (label.length * 0.6));
  return size < 6 ? null : { label, size };
}

/** Each cell's value as centred text in black or white, whichever contrasts with the cell colour. */
function cellValues({ values, rows, cols, x, y, width, height, scale }: HeatmapSpec): string {
  const w = width / cols;
  const h = height / rows;
  const labels: string[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = values[i * cols + j];
      const cell = cellLabel(v, w, h);
      if (!cell) continue;
      const { label, size } = cell;
      labels.push(text(x + (j + 0.5) * w, y + (i + 0.5) * h + size * 0.35, label, { anchor: 'middle', cls: 'mono', size: round(size), fill: inkOn(scale(v)) }));
    }
  }
  return `<g class="values">${labels.join('')}</g>`;
}

/**
 * A vertical colour bar at (x, y) of the given height: top = scale.hi, bottom = scale.lo, with
 * tick labels at both ends and at zero (diverging) or the middle; swatches for NaN/Inf when the
 * data contains them.
 */
export function colorBar(scale: ColorScale, x: number, y: number, height: number, special: { nan: boolean; inf: boolean }): string {
  const steps = 32;
  const parts: string[] = [];
  for (let k = 0; k < steps; k++) {
    const v = scale.hi - ((k + 0.5) / steps) * (scale.hi - scale.lo);
    parts.push(`<rect x="${round(x)}" y="${round(y + (k * height) / steps)}" width="12" height="${round(height / steps + 0.5)}" fill="${scale(v)}"/>`);
  }
  parts.push(`<rect class="axis" x="${round(x)}" y="${round(y)}" width="12" height="${round(height)}" fill="none"/>`);
  const mid = scale.kind === 'diverging' ? 0 : (scale.lo + scale.hi) / 2;
  const ticks: [number, number][] = [[scale.hi, y], [mid, y + height / 2], [scale.lo, y + height]];
  for (const [v, ty] of ticks) {
    parts.push(`<line class="axis" x1="${round(x + 12)}" x2="${round(x + 16)}" y1="${round(ty)}" y2="${round(ty)}"/>`);
    parts.push(text(x + 18, ty + 4, formatNumber(v), { cls: 'muted mono', size: 10 }));
  }
  let sy = y + height + 18;
  for (const [on, color, name] of [[special.nan, NAN_COLOR, 'NaN'], [special.inf, INF_COLOR, '±Inf']] as const) {
    if (!on) continue;
    parts.push(`<rect x="${round(x)}" y="${round(sy - 9)}" width="12" height="10" fill="${color}"/>`);
    parts.push(text(x + 18, sy, name, { cls: 'muted', size: 10 }));
    sy += 14;
  }
  return `<g class="colorbar">${parts.join('')}</g>`;
}

/** Width a colour bar with its labels takes. */
export const COLOR_BAR_WIDTH = 70;

/**
 * Pixel size of a `rows × cols` matrix drawn to scale (square cells) inside a box, with each side
 * at least `minSide` so a 1 × 2000 matrix is still visible. `maxAspect` (default: none) bounds the
 * ratio of the long side to the short one, for pictures where shape matters less than legibility.
 */
export function fitToScale(rows: number, cols: number, maxWidth: number, maxHeight: number, minSide = 12, maxAspect = Infinity): { width: number; height: number } {
  let r = Math.max(rows, 1);
  let c = Math.max(cols, 1);
  if (r / c > maxAspect) c = r / maxAspect;
  if (c / r > maxAspect) r = c / maxAspect;
  const cell = Math.min(maxWidth / c, maxHeight / r, 40);
  return { width: Math.max(minSide, c * cell), height: Math.max(minSide, r * cell) };
}
