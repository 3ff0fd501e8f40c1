/**
 * The interactive backward graph: an SVG with wheel zoom and drag pan; clicking a node shows its
 * output and gradient summary and highlights the path the gradient takes from the loss to it.
 * Colours come from CSS classes over --jp-* variables, so the theme applies by itself.
 */
import { layoutRefusal, summaryLine, type GraphNode, type GraphPayload } from '@jacobi/viz';
import { el, formatBytes, formatNumber, formatShape, svg } from './dom';
import { gradientPath, layoutGraph, nodeCaption, outputIds, type GraphLayout } from './graphLayout';
import type { View } from './heatmap';
import { Viewport } from './viewport';
import { bindPanZoom, type Listen } from './panzoom';

/** Largest fitted width and height of the graph, in CSS pixels. */
const MAX_WIDTH = 640;
const MAX_HEIGHT = 480;

/** Interactive view of a backward-graph payload (a summary when it is too large to lay out). */
export function graphView(payload: GraphPayload): View {
  const refusal = layoutRefusal(payload);
  if (!refusal) return new GraphView(payload);
  const node = el('div', { className: 'jp-Jacobi-graphView' }, [
    el('div', { className: 'jp-Jacobi-title', text: payload.title ?? 'Backward graph' }),
    el('div', { className: 'jp-Jacobi-stats', text: summaryLine(payload) }),
    el('div', { className: 'jp-Jacobi-note', text: refusal }),
  ]);
  return { node, repaint: () => undefined, dispose: () => undefined };
}

class GraphView implements View {
  readonly node: HTMLElement;
  private readonly layout: GraphLayout;
  private readonly svgRoot: SVGSVGElement;
  private readonly content = svg('g', { className: 'jp-Jacobi-graphContent' });
  private readonly details = el('div', { className: 'jp-Jacobi-details' });
  private readonly viewport: Viewport;
  private readonly nodeElements = new Map<string, SVGGElement>();
  private readonly edgeElements: { from: string; to: string; path: SVGPathElement }[] = [];
  private readonly cleanups: (() => void)[] = [];
  private selected: string | null = null;

  constructor(private readonly payload: GraphPayload) {
    this.layout = layoutGraph(payload);
    const { width, height } = this.layout;
    const fit = Math.min(1, MAX_WIDTH / Math.max(1, width), MAX_HEIGHT / Math.max(1, height));
    const viewWidth = Math.max(1, Math.round(width * fit));
    const viewHeight = Math.max(1, Math.round(height * fit));
    this.viewport = new Viewport(fit, 0.5, 16);
    this.svgRoot = svg('svg', { className: 'jp-Jacobi-graph', attrs: { width: viewWidth, height: viewHeight, role: 'img', 'aria-label': payload.title ?? 'backward graph' } }, [
      svg('defs', {}, [
        svg('marker', { attrs: { id: this.markerId, viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse' } }, [
          svg('path', { className: 'jp-Jacobi-arrow', attrs: { d: 'M 0 0 L 10 5 L 0 10 z' } }),
        ]),
      ]),
      this.content,
    ]);
    this.drawEdges();
    this.drawNodes();
    const totals = payload.totals;
    const summary = [
      `${payload.nodes.length} nodes`,
      `${payload.edges.length} edges`,
      totals ? `saved for backward: ${formatBytes(totals.savedBytes)}` : null,
      totals?.multiplyAdds !== undefined ? `${formatNumber(totals.multiplyAdds)} multiply-adds` : null,
    ].filter(Boolean).join(' · ');
    const reset = el('button', { className: 'jp-Jacobi-button', text: 'Reset view' });
    this.listen(reset, 'click', () => {
      this.viewport.reset();
      this.applyTransform();
    });
    this.node = el('div', { className: 'jp-Jacobi-graphView' }, [
      el('div', { className: 'jp-Jacobi-title', text: payload.title ?? 'Backward graph' }),
      el('div', { className: 'jp-Jacobi-stats', text: summary }),
      el('div', { className: 'jp-Jacobi-controls' }, [reset, el('span', { className: 'jp-Jacobi-note', text: 'Click a node for its summary and its gradient path; scroll to zoom, drag to pan.' })]),
      el('div', { className: 'jp-Jacobi-graphBody' }, [el('div', { className: 'jp-Jacobi-graphWrap' }, [this.svgRoot]), this.details]),
    ]);
    this.bindPointer();
    this.applyTransform();
    this.highlight(payload.highlight ?? []);
    this.details.textContent = 'Select a node.';
  }

  /** A marker id unique to this view (several graphs may share a page). */
  private readonly markerId = `jp-Jacobi-arrow-${Math.random().toString(36).slice(2)}`;

  repaint(): void {
    // Colours are CSS variables: nothing to recompute.
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  private listen<K extends keyof GlobalEventHandlersEventMap>(target: Element, type: K, handler: (e: GlobalEventHandlersEventMap[K]) => void, options?: AddEventListenerOptions): void {
    target.addEventListener(type, handler as EventListener, options);
    this.cleanups.push(() => target.removeEventListener(type, handler as EventListener, options));
  }

  private drawEdges(): void {
    for (const { from, to, points } of this.layout.edges) {
      const d = points.map((p, i) => `${i ? 'L' : 'M'} ${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' ');
      const path = svg('path', { className: 'jp-Jacobi-edge', attrs: { d, 'marker-end': `url(#${this.markerId})` } });
      this.edgeElements.push({ from, to, path });
      this.content.appendChild(path);
    }
  }

  private drawNodes(): void {
    for (const placed of this.layout.nodes) {
      const { node, x, y, width, height } = placed;
      const [label, detail] = nodeCaption(node);
      const group = svg('g', {
        className: `jp-Jacobi-node jp-Jacobi-node-${node.role}`,
        attrs: { transform: `translate(${x - width / 2} ${y - height / 2})`, 'data-id': node.id, tabindex: 0 },
      }, [
        svg('rect', { attrs: { width, height, rx: 6 } }),
        svg('text', { className: 'jp-Jacobi-nodeLabel', text: label, attrs: { x: width / 2, y: 15 } }),
        svg('text', { className: 'jp-Jacobi-nodeDetail', text: detail, attrs: { x: width / 2, y: 29 } }),
        svg('title', { text: `${label} ${detail}` }),
      ]);
      this.listen(group, 'click', (e) => {
        e.stopPropagation();
        this.select(node);
      });
      this.listen(group, 'keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') this.select(node);
      });
      this.nodeElements.set(node.id, group);
      this.content.appendChild(group);
    }
  }

  /** Shows the node's summary and highlights the loss -> node path. */
  private select(node: GraphNode): void {
    this.selected = node.id;
    for (const [id, group] of this.nodeElements) group.classList.toggle('jp-mod-selected', id === node.id);
    const path = gradientPath(this.payload, node.id);
    this.highlight(path);
    const consumers = this.payload.edges.filter((e) => e.from === node.id).length;
    const inputs = this.payload.edges.filter((e) => e.to === node.id).length;
    const gradient =
      node.requiresGrad === false
        ? 'no gradient flows here'
        : node.grad
          ? `‖∇‖ ${formatNumber(node.grad.norm)}, max |∇| ${formatNumber(node.grad.absMax)}, mean ${formatNumber(node.grad.mean)} (${formatShape(node.shape)})`
          : `gradient ${formatShape(node.shape)} ${node.dtype}`;
    const loss = outputIds(this.payload).map((id) => this.payload.nodes.find((n) => n.id === id)?.label ?? id).join(', ');
    const rows: [string, string][] = [
      ['node', `${node.label} (${node.role})`],
      ['output', `${formatShape(node.shape)} ${node.dtype}`],
      ['gradient', gradient],
      ['inputs / consumers', `${inputs} / ${consumers}`],
      ['saved for backward', node.savedBytes !== undefined ? formatBytes(node.savedBytes) : '—'],
      ['path from loss', path.length ? path.map((id) => this.labelOf(id)).join(' → ') : `not reached from ${loss || 'the output'}`],
    ];
    this.details.replaceChildren(
      el('dl', {}, rows.flatMap(([term, value]) => [el('dt', { text: term }), el('dd', { text: value })])),
    );
  }

  private labelOf(id: string): string {
    return this.payload.nodes.find((n) => n.id === id)?.label ?? id;
  }

  /** Marks the nodes of `path` and the edges between consecutive ones. */
  private highlight(path: readonly string[]): void {
    const onPath = new Set(path);
    const pairs = new Set(path.slice(1).map((id, i) => `${id}\u0000${path[i]}`));
    for (const [id, group] of this.nodeElements) group.classList.toggle('jp-mod-path', onPath.has(id));
    for (const { from, to, path: line } of this.edgeElements) {
      line.classList.toggle('jp-mod-path', pairs.has(`${from}\u0000${to}`) || pairs.has(`${to}\u0000${from}`));
    }
    this.svgRoot.dataset.path = path.join(' ');
  }

  private applyTransform(): void {
    const { scale, offsetX, offsetY } = this.viewport;
    this.content.setAttribute('transform', `translate(${offsetX} ${offsetY}) scale(${scale})`);
    this.svgRoot.dataset.zoom = this.viewport.zoom.toFixed(3);
  }

  private bindPointer(): void {
    bindPanZoom(this.svgRoot, this.viewport, this.listen.bind(this) as Listen, () => this.applyTransform(), (e) => !(e.target as Element).closest('.jp-Jacobi-node'));
  }

}
