/**
 * Line plots (a few series over a shared x axis, linear or log scales) as static SVG — for the
 * small measurements tutorials make: timings against sizes, loss curves.
 */
import { svgDocument, text, round } from './svg';
import { formatNumber } from './text';

/** One line of a plot. */
export interface PlotSeries {
  name: string;
  /** One value per x (non-finite values, or non-positive ones on a log axis, leave a gap). */
  y: readonly number[];
}

/** What {@link renderLinePlot} draws. */
export interface PlotSpec {
  /** Shared x values, increasing (default 0, 1, 2, …). */
  x?: readonly number[];
  series: readonly PlotSeries[];
  title?: string;
  xLabel?: string;
  yLabel?: string;
  logX?: boolean;
  logY?: boolean;
  width?: number;
  height?: number;
}

/** Series colours: Tableau 10, distinguishable on light and dark backgrounds. */
export const SERIES_COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#ff9da7'] as const;

/** Maps data values on one axis to pixels, with tick marks at round values. */
interface Axis {
  at(v: number): number;
  ticks: number[];
}

function makeAxis(values: number[], log: boolean, from: number, to: number): Axis {
  const finite = values.filter((v) => Number.isFinite(v) && (!log || v > 0));
  let lo = finite.length ? Math.min(...finite) : 0;
  let hi = finite.length ? Math.max(...finite) : 1;
  if (log) {
    const a = Math.floor(Math.log10(lo || 1)), b = Math.ceil(Math.log10(hi || 10));
    const [la, lb] = a === b ? [a, a + 1] : [a, b];
    const ticks = [];
    for (let e = la; e <= lb; e++) ticks.push(10 ** e);
    return { at: (v) => from + ((Math.log10(v) - la) / (lb - la)) * (to - from), ticks };
  }
  if (lo === hi) [lo, hi] = [lo - 1, hi + 1];
  const step = niceStep((hi - lo) / 5);
  const start = Math.floor(lo / step) * step, end = Math.ceil(hi / step) * step;
  const ticks = [];
  for (let t = start; t <= end + step / 2; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return { at: (v) => from + ((v - start) / (end - start)) * (to - from), ticks };
}

/** 1, 2 or 5 times a power of ten, at least `raw`. */
function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const r = raw / p;
  return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * p;
}

/** The SVG line plot of `spec`: axes with ticks, one coloured line with markers per series, a legend. */
export function renderLinePlot(spec: PlotSpec): string {
  if (!Array.isArray(spec.series) || spec.series.length === 0) throw new Error('renderLinePlot: expected at least one series');
  const n = Math.max(...spec.series.map((s) => s.y.length));
  const xs = spec.x ? [...spec.x] : [...Array(n).keys()];
  for (const s of spec.series) {
    if (s.y.length !== xs.length) throw new Error(`renderLinePlot: series "${s.name}" has ${s.y.length} values for ${xs.length} x values`);
  }
  const width = spec.width ?? 560, legendH = 18 * spec.series.length;
  const height = (spec.height ?? 300) + legendH + 10;
  const left = 64, right = width - 16, top = spec.title ? 36 : 16, bottom = height - legendH - 44;
  const ax = makeAxis(xs, !!spec.logX, left, right);
  const ay = makeAxis(spec.series.flatMap((s) => [...s.y]), !!spec.logY, bottom, top);
  const parts: string[] = [];
  if (spec.title) parts.push(text(left, 22, spec.title, { cls: 'title' }));
  parts.push(`<line class="axis" x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}"/>`, `<line class="axis" x1="${left}" y1="${top}" x2="${left}" y2="${bottom}"/>`);
  for (const t of ax.ticks) {
    const x = round(ax.at(t));
    parts.push(`<line class="axis" x1="${x}" y1="${bottom}" x2="${x}" y2="${bottom + 4}"/>`, text(x, bottom + 16, formatNumber(t), { cls: 'muted', anchor: 'middle', size: 11 }));
  }
  for (const t of ay.ticks) {
    const y = round(ay.at(t));
    parts.push(`<line class="axis" x1="${left - 4}" y1="${y}" x2="${left}" y2="${y}"/>`, text(left - 7, y + 4, formatNumber(t), { cls: 'muted', anchor: 'end', size: 11 }));
  }
  if (spec.xLabel) parts.push(text((left + right) / 2, bottom + 34, spec.xLabel, { cls: 'muted', anchor: 'middle' }));
  if (spec.yLabel) parts.push(text(14, (top + bottom) / 2, spec.yLabel, { cls: 'muted', anchor: 'middle', transform: `rotate(-90 14 ${round((top + bottom) / 2)})` }));
  spec.series.forEach((s, k) => {
    const color = SERIES_COLORS[k % SERIES_COLORS.length];
    const ok = (i: number) => Number.isFinite(s.y[i]) && (!spec.logY || s.y[i] > 0) && Number.isFinite(xs[i]) && (!spec.logX || xs[i] > 0);
    let d = '';
    let pen = false;
    s.y.forEach((v: number, i: number) => {
      if (!ok(i)) { pen = false; return; }
      d += `${pen ? 'L' : 'M'}${round(ax.at(xs[i]))},${round(ay.at(v))}`;
      pen = true;
    });
    if (d) parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"/>`);
    s.y.forEach((v: number, i: number) => {
      if (ok(i)) parts.push(`<circle cx="${round(ax.at(xs[i]))}" cy="${round(ay.at(v))}" r="3" fill="${color}"/>`);
    });
    const ly = bottom + 58 + 18 * k;
    parts.push(`<rect x="${left}" y="${ly - 9}" width="14" height="4" fill="${color}"/>`, text(left + 20, ly - 3, s.name));
  });
  return svgDocument(width, height, spec.title ?? 'line plot', parts.join(''));
}

/** A plain-text rendering of the plot's data (the `text/plain` of a bundle). */
export function plotText(spec: PlotSpec): string {
  const xs = spec.x ?? [...Array(Math.max(...spec.series.map((s) => s.y.length))).keys()];
  const rows = spec.series.map((s) => `  ${s.name}: ${s.y.map((v) => formatNumber(v)).join(', ')}`);
  return [`${spec.title ?? 'plot'} (x: ${xs.map((v) => formatNumber(v)).join(', ')})`, ...rows].join('\n');
}
