/** Static pictures (SVG) and plain-text summaries of jacobi payloads. */
import type { Payload } from '../payload/types';
import { renderGraph, summaryLine } from './graph';
import { jacobianTitle, renderJacobian } from './jacobian';
import { renderChainPlan, renderMemoryReport } from './reports';
import { statsLine } from './stats';
import { renderTensor, tensorHeader } from './tensor';
import { formatBytes, formatCount } from './text';

export { renderTensor, tensorHeader, TABLE_MAX_ELEMENTS, MAX_SLICES } from './tensor';
export { renderJacobian, jacobianTitle, MAX_NAMED_TICKS } from './jacobian';
export { renderGraph, ROLE_STYLE, MAX_LAYOUT_SIZE, layoutSize, layoutRefusal, layoutKeys, summaryLine } from './graph';
export { renderChainPlan, renderMemoryReport } from './reports';
export { statsLine } from './stats';
export { divergingScale, sequentialScale, scaleFor, NAN_COLOR, INF_COLOR, type ColorScale } from './color';
export { heatmap, colorBar, cellLabel, MAX_RECT_CELLS, MAX_VALUE_CELLS, type HeatmapSpec } from './heatmap';
export { encodePng, pngDataUri } from './png';
export { renderLinePlot, plotText, SERIES_COLORS, type PlotSpec, type PlotSeries } from './plot';
export { escapeXml, formatNumber, formatShape, formatBytes, formatCount } from './text';
export { MAX_PICTURE_WIDTH, MAX_TEXT_LENGTH } from './svg';

/** The SVG picture of any payload (dispatch on `kind`). */
export function renderPayload(p: Payload): string {
  switch (p.kind) {
    case 'tensor': return renderTensor(p);
    case 'jacobian': return renderJacobian(p);
    case 'graph': return renderGraph(p);
    case 'chain-plan': return renderChainPlan(p);
    case 'memory-report': return renderMemoryReport(p);
  }
}

/** A short plain-text summary of any payload (the `text/plain` entry of a bundle). */
export function summaryText(p: Payload): string {
  switch (p.kind) {
    case 'tensor':
      return `${tensorHeader(p)}\n${statsLine(p.stats)}`;
    case 'jacobian':
      return `${jacobianTitle(p)}\n${statsLine(p.matrix.stats)}`;
    case 'graph':
      return `${p.title ?? 'backward graph'}: ${summaryLine(p)}`;
    case 'chain-plan':
      return [
        p.title ?? 'Jacobian chain plan',
        ...p.strategies.map((s) => `${s.name === p.best ? '*' : ' '} ${s.name}: ${formatCount(s.multiplyAdds)} multiply-adds, peak ${p.memoryUnit === 'bytes' ? formatBytes(s.peakMemory) : `${formatCount(s.peakMemory)} elements`}, ${s.order}`),
      ].join('\n');
    case 'memory-report':
      return [
        p.title ?? 'memory report',
        ...p.rows.map((r) => `  ${r.name}: held ${formatBytes(r.heldBytes)}, Jacobian ${formatBytes(r.jacobianBytes)}`),
        `  total: held ${formatBytes(p.totals.heldBytes)}, Jacobian ${formatBytes(p.totals.jacobianBytes)}`,
      ].join('\n');
  }
}
