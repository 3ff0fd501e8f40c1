/**
 * Tensor view: a header (name, dtype, shape), a stats line with a small histogram, then the values:
 * a table when small, a line for 1-D, a heatmap for 2-D, a grid of 2-D slices for higher ranks.
 */
import { decodeArray } from '../payload/base64';
import type { TensorPayload } from '../payload/types';
import { inkOn, scaleFor, type ColorScale } from './color';
import { COLOR_BAR_WIDTH, colorBar, fitToScale, heatmap, MAX_RECT_CELLS } from './heatmap';
import { histogram, statsLine } from './stats';
import { round, svgDocument, text } from './svg';
import { formatNumber, formatShape } from './text';

/** Tensors with at most this many elements (rank ≤ 2, not downsampled) are shown as a table. */
export const TABLE_MAX_ELEMENTS = 100;
/** At most this many 2-D slices are drawn for tensors of rank ≥ 3. */
export const MAX_SLICES = 16;

const PAD = 12;

/** One-line header of a tensor, e.g. `w: float64 [3, 4] (downsampled ×4 by maxabs)`. */
export function tensorHeader(p: TensorPayload): string {
  const head = `${p.name ? `${p.name}: ` : ''}${p.dtype} ${formatShape(p.shape)}`;
  return p.sampling.method === 'exact' ? head : `${head}, shown at ${formatShape(p.values.shape)} (${p.sampling.method} of blocks)`;
}

function table(values: ArrayLike<number>, shape: number[], scale: ColorScale, x: number, y: number): { svg: string; width: number; height: number } {
  const rows = shape.length === 2 ? shape[0] : 1;
  const cols = shape.length === 0 ? 1 : shape[shape.length - 1];
  const cw = 64;
  const ch = 20;
  const cells: string[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = values[i * cols + j];
      const fill = scale(v);
      cells.push(`<rect x="${round(x + j * cw)}" y="${round(y + i * ch)}" width="${cw}" height="${ch}" fill="${fill}" stroke="#ffffff" data-i="${i}" data-j="${j}"/>`);
      cells.push(text(x + j * cw + cw - 6, y + i * ch + 14, formatNumber(v), { cls: 'mono', anchor: 'end', fill: inkOn(fill) }));
    }
  }
  return { svg: `<g class="table">${cells.join('')}</g>`, width: cols * cw, height: rows * ch };
}

function slices(values: ArrayLike<number>, p: TensorPayload, scale: ColorScale, x: number, y: number): { svg: string; width: number; height: number } {
  const shape = p.values.shape;
  const r = shape[shape.length - 2];
  const c = shape[shape.length - 1];
  const lead = shape.slice(0, -2);
  const count = lead.reduce((a, b) => a * b, 1);
  const shown = Math.min(count, MAX_SLICES);
  const perRow = Math.min(shown, 4);
  const box = fitToScale(p.shape[p.shape.length - 2], p.shape[p.shape.length - 1], 150, 150, 12, 4);
  const cellW = Math.max(box.width, 70) + 16;
  const cellH = box.height + 30;
  const asImage = shown * r * c > MAX_RECT_CELLS;
  const parts: string[] = [];
  for (let s = 0; s < shown; s++) {
    // original leading index of this slice: display index × step
    const idx: number[] = [];
    for (let a = lead.length - 1, rest = s; a >= 0; a--) { idx.unshift((rest % lead[a]) * p.sampling.step[a]); rest = Math.floor(rest / lead[a]); }
    const sx = x + (s % perRow) * cellW;
    const sy = y + Math.floor(s / perRow) * cellH;
    parts.push(text(sx, sy + 12, `[${idx.join(', ')}, :, :]`, { cls: 'muted mono', size: 10 }));
    parts.push(heatmap({ values: Array.prototype.slice.call(values, s * r * c, (s + 1) * r * c), rows: r, cols: c, x: sx, y: sy + 18, width: box.width, height: box.height, scale, asImage }));
  }
  if (shown < count) parts.push(text(x, y + Math.ceil(shown / perRow) * cellH + 12, `… ${count - shown} more slices not drawn`, { cls: 'muted', size: 10 }));
  return { svg: parts.join(''), width: perRow * cellW, height: Math.ceil(shown / perRow) * cellH + (shown < count ? 18 : 0) };
}

/**
 * A line of a 1-D tensor's values (index → value), gaps at NaN/Inf: what a loss history or a
 * signal needs, where a one-row heatmap would hide the shape of the curve.
 */
function linePlot(values: ArrayLike<number>, p: TensorPayload, x: number, y: number): { svg: string; width: number; height: number } {
  const width = 480;
  const height = 140;
  const left = x + 56;
  const plotW = width - 56;
  const [lo, hi] = valueRange(values, p.stats.min, p.stats.max);
  const n = values.length;
  const step = p.sampling.step[0];
  const px = (k: number) => left + (n > 1 ? (k / (n - 1)) * plotW : plotW / 2);
  // values outside the stated range (a payload may lie) are drawn at its edge
  const py = (v: number) => y + height - ((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * height;
  let d = '';
  let pen = false;
  for (let k = 0; k < n; k++) {
    const v = values[k];
    if (!Number.isFinite(v)) { pen = false; continue; }
    d += `${pen ? 'L' : 'M'}${round(px(k))},${round(py(v))}`;
    pen = true;
  }
  const parts = [
    `<line class="axis" x1="${left}" x2="${left}" y1="${y}" y2="${y + height}"/>`,
    `<line class="axis" x1="${left}" x2="${left + plotW}" y1="${y + height}" y2="${y + height}"/>`,
    text(left - 6, y + 4, formatNumber(hi), { cls: 'muted mono', size: 10, anchor: 'end' }),
    text(left - 6, y + height, formatNumber(lo), { cls: 'muted mono', size: 10, anchor: 'end' }),
    text(left, y + height + 14, '0', { cls: 'muted mono', size: 10 }),
    text(left + plotW, y + height + 14, String(p.shape[0] - 1), { cls: 'muted mono', size: 10, anchor: 'end' }),
    `<path class="line" d="${d}" fill="none" stroke="#0969da" stroke-width="1.5"/>`,
  ];
  if (step > 1) parts.push(text(left + plotW / 2, y + height + 14, `every block of ${step}: ${p.sampling.method}`, { cls: 'muted', size: 10, anchor: 'middle' }));
  return { svg: `<g class="line-plot">${parts.join('')}</g>`, width, height: height + 18 };
}

/**
 * The y range of a line plot: the stats' min and max when they are finite and ordered, else the
 * finite display values' own range; never empty (a constant line gets a unit range).
 */
function valueRange(values: ArrayLike<number>, min: number | null, max: number | null): [number, number] {
  let lo = min ?? NaN;
  let hi = max ?? NaN;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi)) {
    lo = Infinity;
    hi = -Infinity;
    for (let k = 0; k < values.length; k++) {
      const v = values[k];
      if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    }
    if (lo > hi) [lo, hi] = [0, 0];
  }
  if (!(hi - lo > 0 && Number.isFinite(hi - lo))) return hi - lo > 0 ? [lo / 2, hi / 2] : [lo, lo + 1];
  return [lo, hi];
}

/** SVG picture of a tensor payload. */
export function renderTensor(p: TensorPayload): string {
  const values = decodeArray(p.values);
  const { stats } = p;
  const scale = scaleFor(stats.min, stats.max, stats.absMax);
  const special = { nan: stats.nanCount > 0, inf: stats.posInfCount + stats.negInfCount > 0 };
  const parts: string[] = [text(PAD, PAD + 14, tensorHeader(p), { cls: 'title' })];
  const line = statsLine(stats);
  parts.push(text(PAD, PAD + 34, line, { cls: 'muted mono', size: 11 }));
  const lineWidth = line.length * 6.7;
  parts.push(histogram(stats, PAD + lineWidth + 16, PAD + 20, 120, 22));
  const top = PAD + 58;
  const rank = p.shape.length;
  let body: { svg: string; width: number; height: number };
  let withBar = true;
  if (p.sampling.method === 'exact' && rank <= 2 && stats.count <= TABLE_MAX_ELEMENTS) {
    body = table(values, p.shape, scale, PAD, top);
    withBar = rank > 0 && stats.count > 1;
  } else if (rank === 1) {
    body = linePlot(values, p, PAD, top);
    withBar = false;
  } else if (rank === 2) {
    const [rows, cols] = p.values.shape;
    const size = fitToScale(p.shape[0], p.shape[1], 480, 360, 12, 4);
    body = { svg: heatmap({ values, rows, cols, x: PAD, y: top, width: size.width, height: size.height, scale, label: tensorHeader(p) }), ...size };
  } else {
    body = slices(values, p, scale, PAD, top);
  }
  if (withBar) body.svg += colorBar(scale, PAD + body.width + 16, top, Math.max(60, Math.min(body.height, 200)), special);
  const width = Math.max(PAD + body.width + (withBar ? 16 + COLOR_BAR_WIDTH : 0), PAD + lineWidth + 150, tensorHeader(p).length * 8.5 + 2 * PAD);
  const height = top + Math.max(body.height, withBar ? 100 + (special.nan ? 14 : 0) + (special.inf ? 14 : 0) : 0) + PAD;
  parts.push(body.svg);
  return svgDocument(width + PAD, height, `tensor ${tensorHeader(p)}`, parts.join(''));
}
