/** Text rendering of tensors, NumPy/PyTorch style, summarized when large. */
import type { DType, TypedArray } from './dtype';
import { fmt, type Shape } from './shape';

const SUMMARIZE_ABOVE = 1000;
const EDGE = 3;

/** The printed form of a tensor: its values (corners only above 1000 elements), shape and dtype, and statistics of all values above 16 elements. */
export function formatTensor(shape: Shape, dtype: DType, data: TypedArray): string {
  const size = data.length;
  const summarize = size > SUMMARIZE_ABOVE;
  const shown = summarize ? edgeValues(shape, data) : Array.from(data);
  const finite = shown.filter(Number.isFinite);
  const allInt = finite.every(Number.isInteger);
  const maxAbs = finite.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const minAbs = finite.filter((v) => v !== 0).reduce((m, v) => Math.min(m, Math.abs(v)), Infinity);
  const sci = allInt ? maxAbs > 1e8 : maxAbs >= 1e5 || (minAbs < 1e-4 && minAbs > 0);
  const num = (v: number): string => {
    if (Number.isNaN(v)) return 'nan';
    if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
    if (allInt && !sci) return `${v}.`;
    return sci ? v.toExponential(4) : v.toFixed(4);
  };
  const width = Math.max(...shown.map((v) => num(v).length), 1);
  const pad = (v: number) => num(v).padStart(width);
  const prefix = 'tensor(';
  const body = render(shape, data, 0, 0, pad, summarize, prefix.length + 1);
  const meta = [`shape=${fmt(shape)}`, `dtype=${dtype}`];
  const text = `${prefix}${body}, ${meta.join(', ')})`;
  return size > STATS_ABOVE ? `${text}\n${statsLine(data)}` : text;
}

/** Tensors larger than this also print statistics of all their values. */
const STATS_ABOVE = 16;

/** min, max, mean and std over the finite values, and how many are NaN or infinite. */
function statsLine(data: TypedArray): string {
  let min = Infinity, max = -Infinity, sum = 0, sq = 0, n = 0, nan = 0, inf = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v !== v) nan++;
    else if (v === Infinity || v === -Infinity) inf++;
    else {
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
      sq += v * v;
      n++;
    }
  }
  const g = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(4)).toString() : '–');
  const mean = n ? sum / n : NaN;
  const std = n ? Math.sqrt(Math.max(0, sq / n - mean * mean)) : NaN;
  const bad = nan || inf ? `, ${nan} NaN, ${inf} ±Inf` : '';
  return `stats: min ${g(min)}, max ${g(max)}, mean ${g(mean)}, std ${g(std)}${bad}`;
}

function render(shape: Shape, data: TypedArray, axis: number, offset: number, pad: (v: number) => string, summarize: boolean, indent: number): string {
  if (shape.length === 0) return pad(data[offset]).trim();
  const n = shape[axis];
  const stride = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const idx = summarize && n > 2 * EDGE ? [...range(0, EDGE), -1, ...range(n - EDGE, n)] : range(0, n);
  if (axis === shape.length - 1) {
    return '[' + idx.map((i) => (i < 0 ? '...' : pad(data[offset + i]))).join(', ') + ']';
  }
  const sep = ',' + '\n'.repeat(shape.length - axis - 1) + ' '.repeat(indent + axis);
  return '[' + idx.map((i) => (i < 0 ? '...' : render(shape, data, axis + 1, offset + i * stride, pad, summarize, indent))).join(sep) + ']';
}

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = a; i < b; i++) out.push(i);
  return out;
}

/** Values that the summarized printout shows (the corners), used to choose a number format. */
function edgeValues(shape: Shape, data: TypedArray): number[] {
  const out: number[] = [];
  const visit = (axis: number, offset: number): void => {
    if (axis === shape.length) { out.push(data[offset]); return; }
    const n = shape[axis];
    const stride = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    const idx = n > 2 * EDGE ? [...range(0, EDGE), ...range(n - EDGE, n)] : range(0, n);
    for (const i of idx) visit(axis + 1, offset + i * stride);
  };
  visit(0, 0);
  return out;
}
