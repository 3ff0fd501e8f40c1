/**
 * Turning @jacobi/core values into validated payloads: tensors, Jacobians, backward graphs,
 * memory reports and chain-planner explanations. Everything large is summarized here, kernel-side,
 * so what travels to the notebook stays within the size caps.
 */
import type { BackwardGraph, ChainExplanation, ChainPlan, MemoryReport, Tensor } from '@jacobi/core';
import {
  GRAPH_MIME,
  PAYLOAD_VERSION,
  tensorPayload,
  validatePayload,
  type ChainPlanPayload,
  type GraphNodeRole,
  type GraphPayload,
  type MemoryReportPayload,
  type Payload,
  type TensorPayload,
} from '@jacobi/viz';

/** True for a jacobi tensor (duck-typed, so a second copy of @jacobi/core is recognized too). */
export function isTensor(x: unknown): x is Tensor {
  const t = x as Tensor;
  return typeof t === 'object' && t !== null && Array.isArray(t.shape) && typeof t.dtype === 'string' && ArrayBuffer.isView(t.data);
}

/** True for the data of `backwardGraph(f)(...args)`. */
export function isBackwardGraph(x: unknown): x is BackwardGraph {
  const g = x as BackwardGraph;
  return typeof g === 'object' && g !== null && Array.isArray(g.nodes) && Array.isArray(g.edges) && Array.isArray(g.outputs) && typeof g.totals === 'object';
}

/** True for the data of `memoryReport(graph)`. */
export function isMemoryReport(x: unknown): x is MemoryReport {
  const m = x as MemoryReport;
  return typeof m === 'object' && m !== null && Array.isArray(m.rows) && typeof m.heldBytes === 'number' && typeof m.jacobianBytes === 'number';
}

/** True for an already-built payload (anything with our `version` and a known `kind`). */
export function isPayload(x: unknown): x is Payload {
  const p = x as Payload;
  return typeof p === 'object' && p !== null && p.version === PAYLOAD_VERSION && ['tensor', 'jacobian', 'graph', 'chain-plan', 'memory-report'].includes(p.kind);
}

/** A tensor's payload: stats over all of it, display values downsampled to a bounded size. */
export function tensorToPayload(x: Tensor, name?: string): TensorPayload {
  return tensorPayload(x.data, x.shape, { name, dtype: x.dtype });
}

/** Options for {@link graphToPayload}. */
export interface GraphPayloadOptions {
  title?: string;
  /**
   * Highlight the gradient path from the output to this parameter (its path name, e.g.
   * `layers.0.weight`); `true` picks the first parameter.
   */
  highlight?: string | boolean;
}

function roleOf(node: BackwardGraph['nodes'][number], outputs: Set<number>): GraphNodeRole {
  switch (node.kind) {
    case 'parameter':
    case 'leaf':
      return 'param';
    case 'input':
      return 'input';
    case 'constant':
      return 'constant';
    default:
      return outputs.has(node.id) ? 'output' : 'op';
  }
}

/** Node ids on one path from an output down to `target` (following op inputs), or []. */
function pathTo(graph: BackwardGraph, target: number): number[] {
  const parent = new Map<number, number>();
  const queue = graph.outputs.filter((o) => o >= 0);
  const seen = new Set(queue);
  while (queue.length) {
    const id = queue.shift()!;
    if (id === target) {
      const path = [id];
      while (parent.has(path[0])) path.unshift(parent.get(path[0])!);
      return path;
    }
    for (const input of graph.nodes[id].inputs) {
      if (!seen.has(input) && graph.nodes[input].requiresGrad) {
        seen.add(input);
        parent.set(input, id);
        queue.push(input);
      }
    }
  }
  return [];
}

/** A backward graph's payload (edges turned to the forward direction, roles from node kinds). */
export function graphToPayload(graph: BackwardGraph, options: GraphPayloadOptions = {}): GraphPayload {
  const outputs = new Set(graph.outputs);
  let highlight: string[] | undefined;
  if (options.highlight !== undefined && options.highlight !== false) {
    const params = graph.nodes.filter((n) => n.kind === 'parameter' || n.kind === 'leaf');
    const target = options.highlight === true ? params[0] : params.find((n) => n.name === options.highlight);
    if (!target) {
      throw new Error(`showGraph: no parameter named '${String(options.highlight)}'; parameters are ${params.map((p) => p.name).join(', ') || '(none)'}`);
    }
    highlight = pathTo(graph, target.id).map(String);
  }
  const payload: GraphPayload = {
    version: PAYLOAD_VERSION,
    kind: 'graph',
    ...(options.title !== undefined ? { title: options.title } : {}),
    nodes: graph.nodes.map((n) => ({
      id: String(n.id),
      role: roleOf(n, outputs),
      label: n.kind === 'op' ? n.op : n.name ?? n.kind,
      shape: [...n.shape],
      dtype: n.dtype,
      requiresGrad: n.requiresGrad,
      ...(n.savedBytes ? { savedBytes: n.savedBytes } : {}),
      ...(n.grad ? { grad: { ...n.grad } } : {}),
    })),
    edges: graph.edges.map((e) => ({ from: String(e.to), to: String(e.from) })),
    ...(highlight && highlight.length ? { highlight } : {}),
    totals: { nodes: graph.totals.nodes, savedBytes: graph.totals.savedBytes, multiplyAdds: graph.totals.forwardMultiplyAdds + graph.totals.backwardMultiplyAdds },
  };
  return validatePayload(GRAPH_MIME, payload) as GraphPayload;
}

/** A memory report's payload: one row per op, held bytes against materialized-Jacobian bytes. */
export function memoryToPayload(report: MemoryReport, title?: string): MemoryReportPayload {
  const payload: MemoryReportPayload = {
    version: PAYLOAD_VERSION,
    kind: 'memory-report',
    ...(title !== undefined ? { title } : {}),
    rows: report.rows.map((r) => ({ name: `${r.op} [${r.shape.join(', ')}]`, heldBytes: r.savedBytes, jacobianBytes: r.jacobianBytes })),
    totals: { heldBytes: report.heldBytes, jacobianBytes: report.jacobianBytes },
  };
  return validatePayload(GRAPH_MIME, payload) as MemoryReportPayload;
}

/** A chain-planner explanation given as plain data (links and named strategies). */
export interface ChainPlanLike {
  links: { name?: string; shape: readonly number[]; diagonal?: boolean }[];
  strategies: { name: string; multiplyAdds: number; peakMemory?: number; peakBytes?: number; order?: string }[];
  best: string;
  memoryUnit?: 'bytes' | 'elements';
  title?: string;
}

type Explainable = { explain(): unknown };

/** True for a core `ChainPlan`, its `explain()` data, or {@link ChainPlanLike} data. */
export function isChainPlan(x: unknown): x is ChainPlan | ChainExplanation | ChainPlanLike | Explainable {
  const c = x as Partial<ChainExplanation & ChainPlanLike> & { explain?: unknown };
  return typeof c === 'object' && c !== null && (typeof c.explain === 'function' || (Array.isArray(c.links) && (Array.isArray(c.strategies) || typeof c.optimal === 'object')));
}

function explanationToPlain(e: ChainExplanation): ChainPlanLike {
  const orders = [['forward', e.forward], ['reverse', e.reverse], ['optimal', e.optimal]] as const;
  // Name the optimum after the mode it coincides with, so the table says which one wins.
  const same = orders.slice(0, 2).find(([, o]) => o.parenthesization === e.optimal.parenthesization);
  return {
    title: `Jacobian of a ${e.links.length}-link chain [${e.inShape.join(', ')}] → [${e.outShape.join(', ')}]: cost of each order`,
    links: e.links.map((l) => ({ name: l.name, shape: [l.rows, l.cols], diagonal: l.diagonal })),
    strategies: orders.map(([name, o]) => ({
      name: name === 'optimal' && same ? `optimal (= ${same[0]})` : name,
      multiplyAdds: o.multiplyAdds,
      peakBytes: o.peakBytes,
      order: o.parenthesization,
    })),
    best: same ? `optimal (= ${same[0]})` : 'optimal',
    memoryUnit: 'bytes',
  };
}

/** A chain-planner payload from `planChain(...)`, its `explain()` data, or plain data. */
export function chainPlanToPayload(plan: ChainPlan | ChainExplanation | ChainPlanLike | Explainable, title?: string): ChainPlanPayload {
  const raw = 'explain' in plan && typeof plan.explain === 'function' ? plan.explain() : plan;
  const data = 'optimal' in (raw as object) ? explanationToPlain(raw as ChainExplanation) : (raw as ChainPlanLike);
  const payload: ChainPlanPayload = {
    version: PAYLOAD_VERSION,
    kind: 'chain-plan',
    ...((title ?? data.title) !== undefined ? { title: title ?? data.title } : {}),
    links: data.links.map((l, k) => ({ name: l.name ?? `f${k + 1}`, shape: [l.shape[0], l.shape[1]], diagonal: Boolean(l.diagonal) })),
    strategies: data.strategies.map((s) => ({ name: s.name, multiplyAdds: s.multiplyAdds, peakMemory: s.peakMemory ?? s.peakBytes ?? 0, order: s.order ?? '' })),
    best: data.best,
    memoryUnit: data.memoryUnit ?? 'bytes',
  };
  return validatePayload(GRAPH_MIME, payload) as ChainPlanPayload;
}
