/**
 * Backward-graph diagram: layered layout by @dagrejs/dagre, inputs at the top and the output at
 * the bottom (gradients flow upwards, against the arrows). Op nodes show the op and output shape;
 * parameters, inputs and constants have their own shapes and colours; saved-tensor bytes are
 * printed under each op; an optional highlighted path (loss → one parameter) is drawn in orange.
 */
import { Graph, layout } from '@dagrejs/dagre';
import type { GraphNode, GraphNodeRole, GraphPayload } from '../payload/types';
import { clip, INK, round, svgDocument, text } from './svg';
import { escapeXml, formatBytes, formatCount, formatNumber, formatShape, textWidth } from './text';

/** Fill/stroke of each node role (mid-saturation so they read on light and dark panels). */
export const ROLE_STYLE: Record<GraphNodeRole, { fill: string; stroke: string; dash?: string; rx: number }> = {
  op: { fill: '#ddf4ff', stroke: '#0969da', rx: 4 },
  output: { fill: '#ddf4ff', stroke: '#0969da', rx: 4 },
  param: { fill: '#dafbe1', stroke: '#1a7f37', rx: 12 },
  input: { fill: '#f6f8fa', stroke: '#59636e', dash: '4 3', rx: 2 },
  constant: { fill: '#f6f8fa', stroke: '#8c959f', dash: '1 3', rx: 2 },
};

function nodeLines(node: GraphNode): string[] {
  const lines = [clip(node.label), clip(`${formatShape(node.shape)} ${node.dtype}`)];
  if (node.savedBytes) lines.push(`saves ${formatBytes(node.savedBytes)}`);
  if (node.grad) lines.push(`‖∇‖ ${formatNumber(node.grad.norm)}`);
  return lines;
}

/**
 * Graphs whose layout needs more boxes than this (nodes, edges, and one box per rank an edge
 * skips) are summarized instead of drawn: dagre's time grows faster than linearly (a complete
 * graph of 60 nodes takes over a minute) and its recursion overflows the stack on long chains.
 */
export const MAX_LAYOUT_SIZE = 1000;

/**
 * How many boxes laying out `p` takes: nodes plus edges plus the ranks each edge skips under a
 * longest-path ranking (an upper bound on the dummy nodes of dagre's optimal ranking). Stops
 * counting past {@link MAX_LAYOUT_SIZE}. Cycles are broken by ranking what remains in order.
 */
export function layoutSize(p: Pick<GraphPayload, 'nodes' | 'edges'>): number {
  let size = p.nodes.length + p.edges.length;
  if (size > MAX_LAYOUT_SIZE) return size;
  const index = new Map(p.nodes.map((n, i) => [n.id, i]));
  const edges = p.edges.map((e) => [index.get(e.from), index.get(e.to)]).filter((e): e is [number, number] => e[0] !== undefined && e[1] !== undefined);
  const rank = new Array<number>(p.nodes.length).fill(0);
  const pending = new Array<number>(p.nodes.length).fill(0);
  const out: number[][] = p.nodes.map(() => []);
  for (const [a, b] of edges) if (a !== b) { out[a].push(b); pending[b]++; }
  const done = new Array<boolean>(p.nodes.length).fill(false);
  const queue = pending.flatMap((k, i) => (k === 0 ? [i] : []));
  for (let next = 0; ; ) {
    // Kahn's order; when only cycles remain, release the first unranked node.
    if (queue.length === 0) {
      while (next < done.length && done[next]) next++;
      if (next === done.length) break;
      queue.push(next);
    }
    const v = queue.shift()!;
    if (done[v]) continue;
    done[v] = true;
    for (const w of out[v]) {
      if (done[w]) continue;
      rank[w] = Math.max(rank[w], rank[v] + 1);
      if (--pending[w] === 0) queue.push(w);
    }
  }
  for (const [a, b] of edges) {
    size += Math.max(0, Math.abs(rank[b] - rank[a]) - 1);
    if (size > MAX_LAYOUT_SIZE) break;
  }
  return size;
}

/** Why a graph is not laid out, or null when it is small enough to draw. */
export function layoutRefusal(p: Pick<GraphPayload, 'nodes' | 'edges'>): string | null {
  const size = layoutSize(p);
  return size > MAX_LAYOUT_SIZE
    ? `${p.nodes.length} nodes and ${p.edges.length} edges are too many to lay out (about ${size > MAX_LAYOUT_SIZE * 10 ? `over ${MAX_LAYOUT_SIZE * 10}` : size} boxes; the limit is ${MAX_LAYOUT_SIZE})`
    : null;
}

/**
 * Layout keys for node ids: dagre keeps nodes in plain objects, where an id such as `__proto__`
 * or `toString` would reach Object.prototype. Ids are unique after validation.
 */
export function layoutKeys(p: Pick<GraphPayload, 'nodes'>): Map<string, string> {
  return new Map(p.nodes.map((n, i) => [n.id, `n${i}`]));
}

/** SVG picture of a backward graph payload (a summary when it is too large to lay out). */
export function renderGraph(p: GraphPayload): string {
  const refusal = layoutRefusal(p);
  if (refusal) return renderGraphSummary(p, refusal);
  const key = layoutKeys(p);
  const g = new Graph({ multigraph: false });
  g.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 36, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of p.nodes) {
    const lines = nodeLines(node);
    const width = Math.max(...lines.map((l, k) => textWidth(l, k === 0 ? 12 : 10))) + 20;
    g.setNode(key.get(node.id)!, { width, height: 14 + lines.length * 14 });
  }
  for (const e of p.edges) g.setEdge(key.get(e.from)!, key.get(e.to)!);
  layout(g);

  const path = (p.highlight ?? []).map((id) => key.get(id) ?? '');
  const onPath = new Set(path);
  const pathEdges = new Set<string>();
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
    const box = g.node(key.get(node.id)!);
    const style = ROLE_STYLE[node.role];
    const x = box.x - box.width / 2;
    const y = box.y - box.height / 2;
    const hl = onPath.has(key.get(node.id)!);
    parts.push(
      `<g class="node ${node.role}${hl ? ' highlight' : ''}" data-id="${escapeXml(node.id)}">` +
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
  const finite = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : 0); // dagre gives -Infinity for no nodes
  const gw = Math.max(finite(graphLabel.width), 360);
  const gh = finite(graphLabel.height);
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

/** The picture of a graph too large to lay out: its title, size and totals, and why. */
function renderGraphSummary(p: GraphPayload, refusal: string): string {
  const title = p.title ?? 'backward graph';
  const lines = [summaryLine(p), refusal];
  const width = Math.max(textWidth(title, 14), ...lines.map((l) => textWidth(l, 11))) + 24;
  return svgDocument(
    Math.min(width, 2000),
    78,
    title,
    text(12, 26, title, { cls: 'title' }) + lines.map((l, k) => text(12, 46 + k * 18, l, { cls: 'muted', size: 11 })).join(''),
  );
}

/** `12 nodes (7 ops), 14 edges, 1.2 kB saved for backward`: the graph in one line. */
export function summaryLine(p: GraphPayload): string {
  const ops = p.nodes.filter((n) => n.role === 'op' || n.role === 'output').length;
  const saved = p.totals ? `, ${formatBytes(p.totals.savedBytes)} saved for backward` : '';
  return `${p.nodes.length} nodes (${ops} ops), ${p.edges.length} edges${saved}`;
}
