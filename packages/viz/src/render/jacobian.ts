/**
 * Jacobian view: the matrix J[i, j] = ∂f_i/∂x_j as a heatmap drawn to scale (rows = outputs i,
 * columns = inputs j), diverging colours centred at zero with a colour bar, the title ∂f/∂x with
 * shapes, axis labels with the user's names when given, NaN/Inf marked.
 */
import { decodeArray } from '../payload/base64';
import type { JacobianPayload } from '../payload/types';
import { divergingScale } from './color';
import { COLOR_BAR_WIDTH, colorBar, fitToScale, heatmap } from './heatmap';
import { histogram, statsLine } from './stats';
import { round, svgDocument, text } from './svg';
import { formatShape } from './text';

/** Names are drawn as tick labels when an axis shows at most this many cells. */
export const MAX_NAMED_TICKS = 40;

/** Title of a Jacobian, e.g. `∂f/∂x: f [2] ← x [3], J is 2 × 3`. */
export function jacobianTitle(p: JacobianPayload): string {
  const [m, n] = p.matrix.shape;
  return `∂${p.functionName}/∂${p.inputName}: ${p.functionName} ${formatShape(p.outputShape)} ← ${p.inputName} ${formatShape(p.inputShape)}, J is ${m} × ${n}${p.mode ? ` (${p.mode} mode)` : ''}`;
}

/** SVG picture of a Jacobian payload. */
export function renderJacobian(p: JacobianPayload): string {
  const { matrix } = p;
  const [m, n] = matrix.shape;
  const [rows, cols] = matrix.values.shape;
  const values = decodeArray(matrix.values);
  const scale = divergingScale(matrix.stats.absMax ?? 1);
  const special = { nan: matrix.stats.nanCount > 0, inf: matrix.stats.posInfCount + matrix.stats.negInfCount > 0 };
  const exact = matrix.sampling.method === 'exact';
  const rowNames = exact && p.outputNames && rows <= MAX_NAMED_TICKS ? p.outputNames : undefined;
  const colNames = exact && p.inputNames && cols <= MAX_NAMED_TICKS ? p.inputNames : undefined;
  const leftLabels = rowNames ? Math.min(120, Math.max(...rowNames.map((s) => s.length)) * 7 + 8) : 36;
  const topLabels = colNames ? Math.min(120, Math.max(...colNames.map((s) => s.length)) * 7 + 8) : 16;
  const x0 = 12 + 18 + leftLabels;
  const y0 = 12 + 58 + 18 + topLabels;
  const size = fitToScale(m, n, 560, 420);
  const parts: string[] = [];
  const title = jacobianTitle(p);
  parts.push(text(12, 26, title, { cls: 'title' }));
  const line = statsLine(matrix.stats) + (exact ? '' : `  (shown at ${rows} × ${cols}, ${matrix.sampling.method} of blocks)`);
  parts.push(text(12, 46, line, { cls: 'muted mono', size: 11 }));
  parts.push(histogram(matrix.stats, 12 + line.length * 6.7 + 16, 32, 120, 22));
  // Axis titles: inputs j across the top, outputs i down the left.
  parts.push(text(x0 + size.width / 2, 12 + 58 + 12, `inputs j (${p.inputName})`, { anchor: 'middle', cls: 'muted' }));
  const ly = y0 + size.height / 2;
  parts.push(text(22, ly, `outputs i (${p.functionName})`, { anchor: 'middle', cls: 'muted', transform: `rotate(-90 22 ${round(ly)})` }));
  parts.push(heatmap({ values, rows, cols, x: x0, y: y0, width: size.width, height: size.height, scale, label: title, showValues: exact }));
  // Tick labels: names when given, else first and last index.
  const cw = size.width / cols;
  const ch = size.height / rows;
  if (rowNames) rowNames.forEach((name, i) => parts.push(text(x0 - 4, y0 + (i + 0.5) * ch + 4, name, { anchor: 'end', size: 10, cls: 'mono' })));
  else {
    parts.push(text(x0 - 4, y0 + 10, '0', { anchor: 'end', size: 10, cls: 'muted mono' }));
    if (m > 1) parts.push(text(x0 - 4, y0 + size.height, String(m - 1), { anchor: 'end', size: 10, cls: 'muted mono' }));
  }
  if (colNames) {
    colNames.forEach((name, j) => {
      const tx = x0 + (j + 0.5) * cw + 4;
      parts.push(text(tx, y0 - 4, name, { size: 10, cls: 'mono', transform: `rotate(-90 ${round(tx)} ${round(y0 - 4)})` }));
    });
  } else {
    parts.push(text(x0, y0 - 4, '0', { size: 10, cls: 'muted mono' }));
    if (n > 1) parts.push(text(x0 + size.width, y0 - 4, String(n - 1), { anchor: 'end', size: 10, cls: 'muted mono' }));
  }
  parts.push(colorBar(scale, x0 + size.width + 16, y0, Math.max(80, Math.min(size.height, 240)), special));
  const width = Math.max(x0 + size.width + 16 + COLOR_BAR_WIDTH, title.length * 8.5 + 24, 12 + line.length * 6.7 + 160);
  const height = y0 + Math.max(size.height, 120 + (special.nan ? 14 : 0) + (special.inf ? 14 : 0)) + 14;
  return svgDocument(width, height, title, parts.join(''));
}
