/**
 * Graph geometry and paths as plain data: a layered layout of a backward-graph payload (dagre,
 * the layout the static SVG uses too) and the path from the loss to a chosen node. No DOM here.
 */
import { Graph, layout } from '@dagrejs/dagre';
import { layoutKeys, type GraphNode, type GraphPayload } from '@jacobi/viz';

/** Size of a node box, in layout units (CSS pixels at zoom 1). */
export const NODE_HEIGHT = 36;
const CHAR_WIDTH = 7.5;
const MIN_NODE_WIDTH = 64;

/** A positioned node: centre (x, y) and box size. */
export interface PlacedNode {
  node: GraphNode;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A routed edge: the polyline from `from` to `to`. */
export interface PlacedEdge {
  from: string;
  to: string;
  points: { x: number; y: number }[];
}

/** A laid-out graph and its bounding size. */
export interface GraphLayout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}

/** Text shown in a node box: its label and shape. */
export function nodeCaption(node: GraphNode): [label: string, detail: string] {
  return [node.label, `${node.role} [${node.shape.join(', ')}]`];
}

/**
 * Lays the graph out top to bottom, inputs first and the output (loss) last. Check
 * `layoutRefusal` from @jacobi/viz first: dagre is too slow for large graphs.
 */
export function layoutGraph(payload: GraphPayload): GraphLayout {
  const key = layoutKeys(payload); // dagre must never see ids like '__proto__'
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 36, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of payload.nodes) {
    const longest = Math.max(...nodeCaption(node).map((t) => t.length));
    g.setNode(key.get(node.id)!, { width: Math.max(MIN_NODE_WIDTH, Math.ceil(longest * CHAR_WIDTH) + 16), height: NODE_HEIGHT });
  }
  payload.edges.forEach((e, i) => g.setEdge(key.get(e.from)!, key.get(e.to)!, {}, String(i)));
  layout(g);
  const nodes = payload.nodes.map((node) => {
    const { x, y, width, height } = g.node(key.get(node.id)!);
    return { node, x, y, width, height };
  });
  const edges = payload.edges.map((e, i) => ({ from: e.from, to: e.to, points: g.edge({ v: key.get(e.from)!, w: key.get(e.to)!, name: String(i) }).points ?? [] }));
  const { width = 0, height = 0 } = g.graph();
  return { nodes, edges, width, height };
}

/** Ids of the graph's outputs: nodes with role `output`, else nodes that feed nothing. */
export function outputIds(payload: GraphPayload): string[] {
  const marked = payload.nodes.filter((n) => n.role === 'output').map((n) => n.id);
  if (marked.length) return marked;
  const feeding = new Set(payload.edges.map((e) => e.from));
  return payload.nodes.filter((n) => !feeding.has(n.id)).map((n) => n.id);
}

/**
 * The shortest path the gradient takes from an output (the loss) back to `target`, as node ids
 * from the loss to the target; empty when no output depends on `target`.
 */
export function gradientPath(payload: GraphPayload, target: string): string[] {
  // Walk forward edges from the target; the first output reached closes the shortest path.
  const consumers = new Map<string, string[]>();
  for (const { from, to } of payload.edges) consumers.set(from, [...(consumers.get(from) ?? []), to]);
  const outputs = new Set(outputIds(payload));
  const previous = new Map<string, string | null>([[target, null]]);
  const queue = [target];
  while (queue.length) {
    const id = queue.shift()!;
    if (outputs.has(id)) {
      const path: string[] = [];
      for (let at: string | null = id; at !== null; at = previous.get(at) ?? null) path.push(at);
      return path;
    }
    for (const next of consumers.get(id) ?? []) {
      if (!previous.has(next)) {
        previous.set(next, id);
        queue.push(next);
      }
    }
  }
  return [];
}
