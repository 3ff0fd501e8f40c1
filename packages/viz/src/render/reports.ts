/**
 * Chain-planner and memory-report views: a table with a bar per row. Memory bars use a log scale
 * (Jacobian bytes and saved bytes differ by orders of magnitude); cost bars too when the costs
 * span more than a factor of 100, a linear scale otherwise.
 */
import type { ChainPlanPayload, MemoryReportPayload } from '../payload/types';
import { INK, round, svgDocument, text } from './svg';
import { formatBytes, formatCount, formatShape, textWidth } from './text';

const ROW = 22;
const BAR_WIDTH = 220;
const BAR_COLOR = '#0969da';
const ALT_COLOR = '#cf222e';

/** Bar length on a log scale from 1 to `max` (0 draws no bar). */
function logBar(v: number, max: number): number {
  if (v <= 0 || max <= 0) return 0;
  return Math.max(2, (Math.log10(1 + v) / Math.log10(1 + max)) * BAR_WIDTH);
}

/** Bar length on a linear scale from 0 to `max`. */
function linearBar(v: number, max: number): number {
  return v <= 0 || max <= 0 ? 0 : Math.max(2, (v / max) * BAR_WIDTH);
}

interface Column { title: string; width: number; align?: 'start' | 'end' }

function tableHeader(columns: Column[], x: number, y: number): string {
  let cx = x;
  return columns
    .map((c) => {
      const s = text(c.align === 'end' ? cx + c.width - 8 : cx, y, c.title, { cls: 'muted', size: 11, anchor: c.align === 'end' ? 'end' : 'start' });
      cx += c.width;
      return s;
    })
    .join('');
}

function tableRow(columns: Column[], cells: string[], x: number, y: number, bold = false): string {
  let cx = x;
  return cells
    .map((cell, k) => {
      const c = columns[k];
      const s = text(c.align === 'end' ? cx + c.width - 8 : cx, y, cell, { anchor: c.align === 'end' ? 'end' : 'start', cls: bold ? 'title' : k ? 'mono' : '', size: bold ? 12 : 11 });
      cx += c.width;
      return s;
    })
    .join('');
}

const widthOf = (values: string[], min: number) => Math.max(min, ...values.map((v) => textWidth(v, 11) + 16));

/** SVG picture of a chain-planner explanation. */
export function renderChainPlan(p: ChainPlanPayload): string {
  const title = p.title ?? 'Jacobian chain: cost of each accumulation order';
  const parts: string[] = [text(12, 26, title, { cls: 'title' })];
  // Links
  const linkCols: Column[] = [
    { title: 'link', width: widthOf(p.links.map((l) => l.name), 60) },
    { title: 'Jacobian shape', width: 120 },
    { title: 'structure', width: 90 },
  ];
  let y = 50;
  parts.push(tableHeader(linkCols, 12, y));
  p.links.forEach((l) => {
    y += ROW;
    parts.push(tableRow(linkCols, [l.name, `${l.shape[0]} × ${l.shape[1]}`, l.diagonal ? 'diagonal' : 'dense'], 12, y));
  });
  // Strategies
  y += 34;
  const unit = (v: number) => (p.memoryUnit === 'bytes' ? formatBytes(v) : `${formatCount(v)} el.`);
  // Linear bars show a 2x difference plainly; only spans of orders of magnitude need a log scale.
  const costs = p.strategies.map((s) => s.multiplyAdds);
  const useLog = Math.max(...costs) > 100 * Math.max(1, Math.min(...costs));
  const bar = useLog ? logBar : linearBar;
  const stratCols: Column[] = [
    { title: 'order', width: widthOf(p.strategies.map((s) => s.name), 80) },
    { title: 'multiply-adds', width: 110, align: 'end' },
    { title: 'peak memory', width: 110, align: 'end' },
    { title: `multiply-adds (${useLog ? 'log scale' : 'linear'})`, width: BAR_WIDTH + 16 },
    { title: 'parenthesization', width: widthOf(p.strategies.map((s) => s.order), 140) },
  ];
  parts.push(tableHeader(stratCols, 12, y));
  const maxOps = Math.max(...p.strategies.map((s) => s.multiplyAdds));
  const barX = 12 + stratCols[0].width + stratCols[1].width + stratCols[2].width;
  for (const s of p.strategies) {
    y += ROW;
    const best = s.name === p.best;
    if (best) parts.push(`<rect x="8" y="${y - 15}" width="${round(stratCols.reduce((a, c) => a + c.width, 0))}" height="${ROW - 2}" rx="3" fill="${INK.accent}" fill-opacity="0.15"/>`);
    parts.push(tableRow(stratCols, [best ? `${s.name} (best)` : s.name, formatCount(s.multiplyAdds), unit(s.peakMemory), '', s.order], 12, y, false));
    parts.push(`<rect class="bar" x="${round(barX)}" y="${y - 11}" width="${round(bar(s.multiplyAdds, maxOps))}" height="12" fill="${best ? INK.accent : BAR_COLOR}" data-value="${s.multiplyAdds}"/>`);
  }
  const width = Math.max(12 + stratCols.reduce((a, c) => a + c.width, 0) + 12, textWidth(title, 14) + 24);
  return svgDocument(width, y + 18, title, parts.join(''));
}

/** SVG picture of a memory report: bytes held for the backward pass vs materialized Jacobians. */
export function renderMemoryReport(p: MemoryReportPayload): string {
  const title = p.title ?? 'Memory of reverse mode: held for backward vs Jacobians if materialized';
  const parts: string[] = [text(12, 26, title, { cls: 'title' })];
  const ratio = p.totals.heldBytes > 0 ? p.totals.jacobianBytes / p.totals.heldBytes : null;
  parts.push(text(12, 44, `held ${formatBytes(p.totals.heldBytes)}; Jacobians would need ${formatBytes(p.totals.jacobianBytes)}${ratio !== null ? ` (${formatCount(Number(ratio.toPrecision(3)))}×)` : ''}`, { cls: 'muted', size: 11 }));
  const cols: Column[] = [
    { title: 'op', width: widthOf(p.rows.map((r) => r.name), 80) },
    { title: 'held', width: 90, align: 'end' },
    { title: 'Jacobian', width: 90, align: 'end' },
    { title: 'bytes (log scale)', width: BAR_WIDTH + 16 },
  ];
  let y = 70;
  parts.push(tableHeader(cols, 12, y));
  const max = Math.max(1, ...p.rows.flatMap((r) => [r.heldBytes, r.jacobianBytes]));
  const barX = 12 + cols[0].width + cols[1].width + cols[2].width;
  const rows = [...p.rows, { name: 'total', heldBytes: p.totals.heldBytes, jacobianBytes: p.totals.jacobianBytes }];
  const maxAll = Math.max(max, p.totals.heldBytes, p.totals.jacobianBytes);
  rows.forEach((r, k) => {
    y += ROW + 6;
    const total = k === rows.length - 1;
    if (total) parts.push(`<line class="axis" x1="12" x2="${round(barX + BAR_WIDTH)}" y1="${y - 20}" y2="${y - 20}"/>`);
    parts.push(tableRow(cols, [r.name, formatBytes(r.heldBytes), formatBytes(r.jacobianBytes), ''], 12, y, total));
    parts.push(`<rect class="bar held" x="${round(barX)}" y="${y - 14}" width="${round(logBar(r.heldBytes, maxAll))}" height="8" fill="${BAR_COLOR}" data-value="${r.heldBytes}"/>`);
    parts.push(`<rect class="bar jacobian" x="${round(barX)}" y="${y - 5}" width="${round(logBar(r.jacobianBytes, maxAll))}" height="8" fill="${ALT_COLOR}" data-value="${r.jacobianBytes}"/>`);
  });
  y += 24;
  parts.push(`<rect x="12" y="${y - 9}" width="12" height="8" fill="${BAR_COLOR}"/>`, text(28, y, 'held for backward', { cls: 'muted', size: 10 }));
  parts.push(`<rect x="140" y="${y - 9}" width="12" height="8" fill="${ALT_COLOR}"/>`, text(156, y, 'Jacobian if materialized', { cls: 'muted', size: 10 }));
  const width = Math.max(barX + BAR_WIDTH + 24, textWidth(title, 14) + 24);
  return svgDocument(width, y + 14, title, parts.join(''));
}

