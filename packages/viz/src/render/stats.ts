/** The stats line and small histogram shared by the tensor and Jacobian views. */
import type { TensorStats } from '../payload/types';
import { INK, round, text } from './svg';
import { formatNumber } from './text';

/** One-line summary of tensor statistics (used in pictures and in text/plain). */
export function statsLine(stats: TensorStats): string {
  const parts = [
    `min ${formatNumber(stats.min)}`,
    `max ${formatNumber(stats.max)}`,
    `mean ${formatNumber(stats.mean)}`,
    `std ${formatNumber(stats.std)}`,
  ];
  if (stats.nanCount) parts.push(`NaN ${stats.nanCount}`);
  if (stats.posInfCount + stats.negInfCount) parts.push(`Inf ${stats.posInfCount + stats.negInfCount}`);
  return parts.join('  ');
}

/** A small histogram (bars of the finite values) with its range underneath. */
export function histogram(stats: TensorStats, x: number, y: number, width: number, height: number): string {
  const counts = stats.histogram.counts;
  if (counts.length === 0) return text(x, y + height / 2, 'no finite values', { cls: 'muted', size: 10 });
  const top = counts.reduce((a, b) => Math.max(a, b), 1);
  const w = width / counts.length;
  const bars = counts.map((c, k) => {
    const h = c === 0 ? 0 : Math.max(1, (c / top) * height);
    return `<rect x="${round(x + k * w)}" y="${round(y + height - h)}" width="${round(Math.max(w - 1, 0.5))}" height="${round(h)}" fill="${INK.muted}" data-count="${c}"/>`;
  });
  return (
    `<g class="histogram">${bars.join('')}` +
    `<line class="axis" x1="${round(x)}" x2="${round(x + width)}" y1="${round(y + height + 0.5)}" y2="${round(y + height + 0.5)}"/>` +
    text(x, y + height + 12, formatNumber(stats.histogram.lo), { cls: 'muted mono', size: 9 }) +
    text(x + width, y + height + 12, formatNumber(stats.histogram.hi), { cls: 'muted mono', size: 9, anchor: 'end' }) +
    '</g>'
  );
}
