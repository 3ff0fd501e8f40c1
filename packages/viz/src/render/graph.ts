/**
 * Backward-graph diagram: layered layout by @dagrejs/dagre, inputs at the top and the output at
 * the bottom (gradients flow upwards, against the arrows). Op nodes show the op and output shape;
 * parameters, inputs and constants have their own shapes and colours; saved-tensor bytes are
 * printed under each op; an optional highlighted path (loss → one parameter) is drawn in orange.
 */
import { Graph, layout } from '@dagrejs/dagre';
import type { GraphNode, GraphNodeRole, GraphPayload } from '../payload/types';
import { INK, round, svgDocument, text } from './svg';
import { formatBytes, formatCount, formatNumber, formatShape, textWidth } from './text';

/** Fill/stroke of each node role (mid-saturation so they read on light and dark panels). */
export const ROLE_STYLE: Record<GraphNodeRole, { fill: string; stroke: string; dash?: string; rx: number }> = {
  op: { fill: '#ddf4ff', stroke: '#0969da', rx: 4 },
  output: { fill: '#ddf4ff', stroke: '#0969da', rx: 4 },
  param: { fill: '#dafbe1', stroke: '#1a7f37', rx: 12 },
  input: { fill: '#f6f8fa', stroke: '#59636e', dash: '4 3', rx: 2 },
  constant: { fill: '#f6f8fa', stroke: '#8c959f', dash: '1 3', rx: 2 },
};

function nodeLines(node: GraphNode): string[] {
  const lines = [node.label, `${formatShape(node.shape)} ${node.dtype}`];
  if (node.savedBytes) lines.push(`saves ${formatBytes(node.savedBytes)}`);
  if (node.grad) lines.push(`‖∇‖ ${formatNumber(node.grad.norm)}`);
  return lines;
}

/** SVG picture of a backward graph payload. */
export function renderGraph(p: GraphPayload): string {
  const g = new Graph({ multigraph: false });
  g.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 36, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of p.nodes) {
    const lines = nodeLines(node);
    const width = Math.max(...lines.map((l, k) => textWidth(l, k === 0 ? 12 : 10))) + 20;
    g.setNode(node.id, { width, height: 14 + lines.length * 14 });
  }
  for (const e of p.edges) g.setEdge(e.from, e.to);
  layout(g);

  const onPath = new Set(p.highlight ?? []);
  const pathEdges = new Set<string>();
  const path = p.highlight ?? [];
  for (let k = 0; k + 1 < path.length; k++) {
    pathEdges.add(`${path[k]}\u0000${path[k + 1]}`);
    pathEdges.add(`${path[k + 1]}\u0000${path[k]}`);
  }

  const titleHeight = p.title || p.totals ? 44 : 0;
  const parts: string[] = [
    '<defs>' +
      `<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="${INK.muted}"/></marker>` +
      `<marker id="arrow-hl" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="${INK.accent}"/></marker>` +
      '</defs>',
  ];
  if (p.title) parts.push(text(12, 26, p.title, { cls: 'title' }));
  if (p.totals) {
    const t = p.totals;
    parts.push(text(12, p.title ? 42 : 26, `${t.nodes} nodes, ${formatBytes(t.savedBytes)} saved for backward${t.multiplyAdds !== undefined ? `, ~${formatCount(t.multiplyAdds)} multiply-adds` : ''}`, { cls: 'muted', size: 11 }));
  }
  parts.push(`<g transform="translate(0 ${titleHeight})">`);
  for (const e of g.edges()) {
    const points: { x: number; y: number }[] = g.edge(e).points ?? [];
    const d = points.map((pt, k) => `${k ? 'L' : 'M'}${round(pt.x)},${round(pt.y)}`).join('');
    const hl = pathEdges.has(`${e.v}\u0000${e.w}`);
    parts.push(
      hl
        ? `<path class="edge highlight" d="${d}" stroke="${INK.accent}" stroke-width="3" fill="none" marker-end="url(#arrow-hl)"/>`
        : `<path class="edge" d="${d}" stroke-width="1.2" marker-end="url(#arrow)"/>`,
    );
  }
  for (const node of p.nodes) {
    const box = g.node(node.id);
    const style = ROLE_STYLE[node.role];
    const x = box.x - box.width / 2;
    const y = box.y - box.height / 2;
    const hl = onPath.has(node.id);
    parts.push(
      `<g class="node ${node.role}${hl ? ' highlight' : ''}" data-id="${escapeAttr(node.id)}">` +
        `<rect x="${round(x)}" y="${round(y)}" width="${round(box.width)}" height="${round(box.height)}" rx="${style.rx}" fill="${style.fill}" ` +
        `stroke="${hl ? INK.accent : style.stroke}" stroke-width="${hl ? 3 : node.role === 'output' ? 2.5 : 1.2}"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}/>`,
    );
    nodeLines(node).forEach((line, k) => {
      parts.push(text(box.x, y + 18 + k * 14, line, { anchor: 'middle', size: k === 0 ? 12 : 10, cls: k === 0 ? '' : 'mono', fill: k === 0 ? '#1f2328' : '#424a53' }));
    });
    parts.push('</g>');
  }
  parts.push('</g>');
  // Legend
  const graphLabel = g.graph();
  const gw = Math.max(graphLabel.width ?? 0, 360);
  const gh = graphLabel.height ?? 0;
  const legendY = titleHeight + gh + 8;
  let lx = 12;
  for (const role of ['param', 'input', 'constant', 'op', 'output'] as GraphNodeRole[]) {
    const s = ROLE_STYLE[role];
    parts.push(`<rect x="${lx}" y="${legendY}" width="14" height="10" rx="${Math.min(s.rx, 5)}" fill="${s.fill}" stroke="${s.stroke}"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
    parts.push(text(lx + 18, legendY + 9, role === 'param' ? 'parameter' : role, { cls: 'muted', size: 10 }));
    lx += 80;
  }
  if (path.length) parts.push(text(lx, legendY + 9, 'highlighted: gradient path', { size: 10, fill: INK.accent }));
  const width = Math.max(gw, lx + 160, p.title ? textWidth(p.title, 14) + 24 : 0);
  return svgDocument(width, legendY + 24, p.title ?? 'backward graph', parts.join(''));
}

function escapeAttr(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
