/**
 * The backward graph as plain data: run a function under a reverse-mode trace, as `grad` would,
 * and describe what reverse mode recorded (ops, what each keeps for the backward pass, where
 * cotangents flow). Everything returned is JSON-serialisable, for renderers and notebooks.
 */
import { Tensor } from '../tensor';
import type { DType } from '../dtype';
import { withTrace } from '../engine/trace';
import { backward, ReverseTrace, ReverseTracer, topoOrder, type Node } from '../engine/reverse';
import { onesLike } from '../creation';
import { treeFlatten } from '../transforms/tree';
import { treePaths } from '../nn/params';
import { backwardMultiplyAdds, forwardMultiplyAdds } from './cost';

/**
 * What a node is: an op applied during the forward pass; a `parameter` (a differentiated tensor
 * inside a structure, named by its path) or `leaf` (a differentiated bare tensor argument); an
 * `input` (a tensor argument not differentiated); or a `constant` made inside the function.
 */
export type NodeKind = 'op' | 'parameter' | 'leaf' | 'input' | 'constant';

/** A tensor an op keeps alive for its VJP. */
export interface SavedTensor {
  /** `input` (with its argument index) or the op's own `output`. */
  role: 'input' | 'output';
  arg?: number;
  shape: number[];
  dtype: DType;
  bytes: number;
  /** The node whose value this is (-1 for a constant). */
  node: number;
}

/** One node of the graph. */
export interface GraphNode {
  id: number;
  kind: NodeKind;
  /** Primitive name for ops; the kind for other nodes. */
  op: string;
  /** Path of a parameter/leaf/input, e.g. `layers.0.weight` (a bare tensor argument: its `argnames` entry, or `arg1`). */
  name?: string;
  shape: number[];
  dtype: DType;
  /** Whether a gradient flows back through this node to a differentiated argument. */
  requiresGrad: boolean;
  /** Node ids of the op's inputs, in argument order (forward direction). */
  inputs: number[];
  /** The op's parameters (axes, shapes, …), JSON-safe. */
  attrs?: Record<string, unknown>;
  saved: SavedTensor[];
  /** Bytes of `saved`. */
  savedBytes: number;
  /** Estimated multiply-adds of the forward op and of its VJP (to the inputs needing gradients). */
  forwardMultiplyAdds: number;
  backwardMultiplyAdds: number;
  /**
   * The gradient of the (scalar) output with respect to this node's value — the cotangent the
   * backward pass delivers here — summarized. Present when `f` returns a scalar and a gradient
   * reaches the node.
   */
  grad?: GradSummary;
}

/** A few numbers describing a gradient tensor. */
export interface GradSummary {
  /** Euclidean norm. */
  norm: number;
  /** Largest absolute entry. */
  absMax: number;
  mean: number;
}

/** A cotangent path: in the backward pass, op `from` sends a cotangent to its input `to`. */
export interface GraphEdge {
  /** The consuming op (where the cotangent comes from). */
  from: number;
  /** The input node (where the cotangent goes). */
  to: number;
  /** Which argument of `from` the input is. */
  arg: number;
  /** Shape of the cotangent sent (the input's shape). */
  shape: number[];
  /** False where no gradient flows (into inputs and constants). */
  requiresGrad: boolean;
}

/** Whole-graph figures. */
export interface GraphTotals {
  nodes: number;
  ops: number;
  parameters: number;
  /** Scalars in the differentiated arguments. */
  parameterCount: number;
  /** Distinct tensors kept for the backward pass, in bytes (each counted once). */
  savedBytes: number;
  /** Of those, bytes of intermediate values (kept alive only because the backward pass needs them). */
  activationBytes: number;
  forwardMultiplyAdds: number;
  backwardMultiplyAdds: number;
}

/** The backward graph of one evaluation: nodes in forward order, edges in the backward direction. */
export interface BackwardGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Node ids of the function's outputs (-1 for an output that does not depend on the arguments). */
  outputs: number[];
  totals: GraphTotals;
}

/** Options for {@link backwardGraph}. */
export interface BackwardGraphOptions {
  /** Which arguments are differentiated (default 0, like `grad`); others are inputs. */
  argnums?: number | readonly number[];
  /** Names for the arguments, used for bare tensor arguments (default `arg0`, `arg1`, …). */
  argnames?: readonly string[];
  /**
   * Run the backward pass too and attach each node's gradient summary (default true when `f`
   * returns a scalar; gradients are not defined otherwise).
   */
  gradients?: boolean;
}

/**
 * True for a tensor or arrays / plain objects of them holding at least one tensor. Empty branches
 * are allowed: a parameter-free layer's parameters are `{}`.
 */
function isTensorTree(x: unknown): boolean {
  return tensorCount(x) > 0;
}

/** How many tensors the tree holds, or -1 if it holds anything else. */
function tensorCount(x: unknown): number {
  if (x instanceof Tensor) return 1;
  const isPlain = x !== null && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype;
  if (!Array.isArray(x) && !isPlain) return -1;
  let n = 0;
  for (const v of Object.values(x as object)) {
    const c = tensorCount(v);
    if (c < 0) return -1;
    n += c;
  }
  return n;
}

/** Keeps the JSON-safe part of a primitive's params (numbers, strings, booleans, arrays, plain objects). */
function jsonSafe(v: unknown): unknown {
  if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(jsonSafe);
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v as object).flatMap(([k, x]) => (jsonSafe(x) === undefined ? [] : [[k, jsonSafe(x)]])));
  }
  return undefined;
}

/**
 * Returns a function that evaluates `f(...args)` under reverse mode, as `grad(f, { argnums })`
 * would, and describes the recorded graph instead of running the backward pass. Parameters are
 * named by their path in their argument (`layers.0.weight`); tensor arguments not in `argnums`
 * appear as inputs. `f` may return a tensor or a structure of tensors.
 *
 * @example
 * const g = backwardGraph((p, x, y) => nn.mseLoss(model.apply(p, x), y))(params, x, y);
 * g.totals.savedBytes; // bytes reverse mode keeps for the backward pass
 */
export function backwardGraph<A extends any[]>(f: (...args: A) => unknown, options: BackwardGraphOptions = {}): (...args: A) => BackwardGraph {
  if (typeof f !== 'function') throw new TypeError('backwardGraph: first argument must be a function');
  const argnums = options.argnums ?? 0;
  const wrt = new Set(typeof argnums === 'number' ? [argnums] : argnums);
  return (...args: A) => {
    for (const n of wrt) {
      if (!Number.isInteger(n) || n < 0 || n >= args.length) throw new RangeError(`backwardGraph: argnums ${n} is out of range for ${args.length} argument(s)`);
      if (!isTensorTree(args[n])) throw new TypeError(`backwardGraph: argument ${n} is differentiated, so it must be a tensor or a structure of tensors`);
    }
    return withTrace(new ReverseTrace(), (trace) => {
      const leaves: { node: Node; value: Tensor; kind: NodeKind; name: string }[] = [];
      const traced = args.map((arg, i) => {
        if (!isTensorTree(arg)) return arg;
        const [tensors, rebuild] = treeFlatten(arg, `backwardGraph (argument ${i})`);
        const paths = treePaths(arg);
        return rebuild(
          tensors.map((t, j) => {
            const tracer = trace.leaf(t);
            const kind: NodeKind = !wrt.has(i) ? 'input' : paths[j] === '' ? 'leaf' : 'parameter';
            leaves.push({ node: tracer.node!, value: t, kind, name: paths[j] || (options.argnames?.[i] ?? `arg${i}`) });
            return tracer;
          }),
        );
      });
      const [outs] = treeFlatten(f(...(traced as A)), 'backwardGraph (output of f)');
      const roots = outs.map((o) => (o instanceof ReverseTracer && o.trace === trace ? o.node : null));
      const [graph, ids] = describe(roots, leaves);
      const scalar = outs.length === 1 && outs[0].size === 1 && roots[0] !== null;
      if ((options.gradients ?? true) && scalar) attachGradients(graph, ids, roots[0]!, outs[0] as ReverseTracer);
      return graph;
    });
  };
}

/** Runs the backward pass from the scalar output and records the cotangent reaching each node. */
function attachGradients(graph: BackwardGraph, ids: Map<Node, number>, root: Node, out: ReverseTracer): void {
  const recorded = topoOrder([root]);
  const cts = backward([root], [onesLike(out.value)], recorded);
  recorded.forEach((node, i) => {
    const g = cts[i];
    const id = ids.get(node);
    if (g === undefined || id === undefined || !graph.nodes[id].requiresGrad) return; // as grad would compute
    const d = g.data;
    let sq = 0, absMax = 0, sum = 0;
    for (let k = 0; k < d.length; k++) {
      sq += d[k] * d[k];
      absMax = Math.max(absMax, Math.abs(d[k]));
      sum += d[k];
    }
    graph.nodes[id].grad = { norm: Math.sqrt(sq), absMax, mean: d.length ? sum / d.length : 0 };
  });
}

/** Turns recorded nodes into plain data. */
function describe(roots: (Node | null)[], leaves: { node: Node; value: Tensor; kind: NodeKind; name: string }[]): [BackwardGraph, Map<Node, number>] {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const ids = new Map<Node, number>();
  const leafInfo = new Map(leaves.map((l) => [l.node, l]));

  const add = (n: Omit<GraphNode, 'id'>): number => {
    nodes.push({ id: nodes.length, ...n });
    return nodes.length - 1;
  };
  const blank = { inputs: [], saved: [], savedBytes: 0, forwardMultiplyAdds: 0, backwardMultiplyAdds: 0 };
  for (const l of leaves) {
    const id = add({ kind: l.kind, op: l.kind, name: l.name, shape: [...l.value.shape], dtype: l.value.dtype, requiresGrad: l.kind !== 'input', ...blank });
    ids.set(l.node, id);
  }
  const live = roots.filter((r): r is Node => r !== null);
  for (const node of topoOrder(live).reverse()) {
    if (ids.has(node) || leafInfo.has(node) || node.prim === null) continue;
    const prim = node.prim;
    const inputs = node.parents.map((p, i) =>
      p !== null
        ? ids.get(p)!
        : add({ kind: 'constant', op: 'constant', shape: [...node.inputShapes[i]], dtype: node.inputDtypes[i], requiresGrad: false, ...blank }),
    );
    const requiresGrad = inputs.some((i) => nodes[i].requiresGrad);
    const saved: SavedTensor[] = [];
    node.saved.forEach((t, arg) => {
      if (t !== undefined) saved.push({ role: 'input', arg, shape: [...t.shape], dtype: t.dtype, bytes: t.nbytes, node: inputs[arg] });
    });
    const id = nodes.length;
    if (node.out !== undefined) saved.push({ role: 'output', shape: [...node.shape], dtype: node.dtype, bytes: node.out.nbytes, node: id });
    let backward = 0;
    inputs.forEach((src, arg) => {
      if (nodes[src].requiresGrad) backward += backwardMultiplyAdds(prim.name, node.inputShapes, node.shape, arg);
    });
    const attrs = jsonSafe(node.params) as Record<string, unknown> | undefined;
    add({
      kind: 'op', op: prim.name, shape: [...node.shape], dtype: node.dtype, requiresGrad, inputs,
      ...(attrs !== undefined && Object.keys(attrs).length > 0 ? { attrs } : {}),
      saved, savedBytes: saved.reduce((s, t) => s + t.bytes, 0),
      forwardMultiplyAdds: forwardMultiplyAdds(prim.name, node.inputShapes, node.shape),
      backwardMultiplyAdds: requiresGrad ? backward : 0,
    });
    ids.set(node, id);
    inputs.forEach((to, arg) => edges.push({ from: id, to, arg, shape: [...node.inputShapes[arg]], requiresGrad: nodes[to].requiresGrad }));
  }
  return [{ nodes, edges, outputs: roots.map((r) => (r === null ? -1 : ids.get(r)!)), totals: totals(nodes, leaves) }, ids];
}

function totals(nodes: GraphNode[], leaves: { value: Tensor; kind: NodeKind }[]): GraphTotals {
  // A tensor is identified by the node it is the value of; constants (-1) by their saving op.
  const held = new Map<string, { bytes: number; activation: boolean }>();
  for (const n of nodes) {
    if (!n.requiresGrad) continue; // reverse mode would not record this op at all
    for (const s of n.saved) {
      const key = nodes[s.node]?.kind === 'constant' ? `c${n.id}:${s.arg}` : `n${s.node}`;
      held.set(key, { bytes: s.bytes, activation: nodes[s.node]?.kind === 'op' });
    }
  }
  const diff = leaves.filter((l) => l.kind !== 'input');
  return {
    nodes: nodes.length,
    ops: nodes.filter((n) => n.kind === 'op').length,
    parameters: diff.length,
    parameterCount: diff.reduce((s, l) => s + l.value.size, 0),
    savedBytes: [...held.values()].reduce((s, h) => s + h.bytes, 0),
    activationBytes: [...held.values()].reduce((s, h) => s + (h.activation ? h.bytes : 0), 0),
    forwardMultiplyAdds: nodes.reduce((s, n) => s + n.forwardMultiplyAdds, 0),
    backwardMultiplyAdds: nodes.reduce((s, n) => s + n.backwardMultiplyAdds, 0),
  };
}
