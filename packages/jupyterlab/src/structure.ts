/**
 * Table views for the non-graph payloads under the graph MIME type: the chain planner's
 * strategies (best one marked) and the memory report (held bytes vs materialized Jacobians).
 */
import type { ChainPlanPayload, MemoryReportPayload } from '@jacobi/viz';
import { el, formatBytes, formatNumber } from './dom';
import type { View } from './heatmap';

function tableView(title: string, head: string[], rows: { cells: string[]; marked?: boolean }[], note?: string): View {
  const table = el('table', { className: 'jp-Jacobi-table' }, [
    el('thead', {}, [el('tr', {}, head.map((text) => el('th', { text })))]),
    el('tbody', {}, rows.map(({ cells, marked }) => el('tr', { className: marked ? 'jp-mod-best' : undefined }, cells.map((text) => el('td', { text }))))),
  ]);
  const node = el('div', { className: 'jp-Jacobi-structure' }, [
    el('div', { className: 'jp-Jacobi-title', text: title }),
    note ? el('div', { className: 'jp-Jacobi-stats', text: note }) : null,
    table,
  ]);
  return { node, repaint: () => undefined, dispose: () => undefined };
}

/** The chain planner's explanation: links, then each strategy's cost, the chosen one marked. */
export function chainPlanView(payload: ChainPlanPayload): View {
  const unit = (n: number) => (payload.memoryUnit === 'bytes' ? formatBytes(n) : `${formatNumber(n)} elements`);
  const links = payload.links.map((l) => `${l.name} ${l.shape[0]}×${l.shape[1]}${l.diagonal ? ' (diagonal)' : ''}`).join(' · ');
  return tableView(
    payload.title ?? 'Chain rule: order of Jacobian products',
    ['strategy', 'order', 'multiply-adds', 'peak memory'],
    payload.strategies.map((s) => ({
      cells: [s.name === payload.best ? `${s.name} (best)` : s.name, s.order, formatNumber(s.multiplyAdds), unit(s.peakMemory)],
      marked: s.name === payload.best,
    })),
    links,
  );
}

/** Bytes held for the backward pass against the Jacobians that were never built. */
export function memoryReportView(payload: MemoryReportPayload): View {
  const ratio = (held: number, jac: number) => (held > 0 ? `${formatNumber(jac / held)}×` : '—');
  const rows = payload.rows.map((r) => ({ cells: [r.name, formatBytes(r.heldBytes), formatBytes(r.jacobianBytes), ratio(r.heldBytes, r.jacobianBytes)] }));
  const { heldBytes, jacobianBytes } = payload.totals;
  rows.push({ cells: ['total', formatBytes(heldBytes), formatBytes(jacobianBytes), ratio(heldBytes, jacobianBytes)], marked: true } as (typeof rows)[number]);
  return tableView(payload.title ?? 'Memory: held for backward vs materialized Jacobians', ['tensor', 'held', 'as Jacobian', 'Jacobian / held'], rows);
}
