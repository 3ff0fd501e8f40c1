/**
 * Reverse mode, micrograd-style: each tracer points at the node that made it; a node keeps only the
 * tensors its VJP rule reads (`saves`). The backward pass is a topological sort and a reverse loop
 * that accumulates cotangents with `+`. Cotangents and saved tensors live one level down, so the
 * backward pass is itself recorded by any enclosing transform (grad of grad).
 */
import type { Tensor } from '../tensor';
import { ruleFor, savesInput, type Primitive } from './primitive';
import { bind, debugHooks, Trace, Tracer } from './trace';
import { fitCotangent } from './fit';
import { add } from '../ops/binary';

/** One recorded application of a primitive (or a leaf), with what its VJP rules need. */
export class Node {
  constructor(
    /** null for a leaf (an input being differentiated). */
    readonly prim: Primitive<any> | null,
    readonly params: unknown,
    /** The node of each input, or null where no gradient flows. */
    readonly parents: readonly (Node | null)[],
    /** Saved primal inputs (undefined where the VJP does not read them); emptied by a releasing backward pass. */
    public saved: readonly (Tensor | undefined)[],
    /** The saved output (if the VJP reads it); dropped by a releasing backward pass. */
    public out: Tensor | undefined,
    readonly inputShapes: readonly (readonly number[])[],
    readonly inputDtypes: readonly Tensor['dtype'][],
    readonly shape: readonly number[],
    readonly dtype: Tensor['dtype'],
  ) {}
}

/** The trace of one reverse-mode transform: records a Node for each primitive applied to its tracers. */
export class ReverseTrace extends Trace {
  lift(x: Tensor): ReverseTracer {
    return new ReverseTracer(this, x, null);
  }

  /** Starts recording from `x`: the returned tracer is a leaf whose gradient will be collected. */
  leaf(x: Tensor): ReverseTracer {
    return new ReverseTracer(this, x, new Node(null, undefined, [], [], undefined, [], [], x.shape, x.dtype));
  }

  process(prim: Primitive<any>, inputs: ReverseTracer[], params: unknown): Tensor {
    const values = inputs.map((t) => t.value);
    const out = bind(prim, values, params);
    const parents = inputs.map((t, i) => (t.node !== null && ruleFor(prim.vjp, i) !== null ? t.node : null));
    if (parents.every((p) => p === null)) return out;
    const node = new Node(
      prim,
      params,
      parents,
      values.map((v, i) => (savesInput(prim, i) ? v : undefined)),
      prim.saves.output ? out : undefined,
      values.map((v) => v.shape),
      values.map((v) => v.dtype),
      out.shape,
      out.dtype,
    );
    return new ReverseTracer(this, out, node);
  }
}

/** A value watched by reverse mode, with the node that made it (null for a constant). */
export class ReverseTracer extends Tracer {
  constructor(readonly trace: ReverseTrace, readonly value: Tensor, readonly node: Node | null) {
    super(value.shape, value.dtype);
  }

  lower(): Tensor {
    return this.value;
  }
}

/** Nodes reachable from `roots`, each before all the nodes it consumes (reverse topological order). */
export function topoOrder(roots: readonly Node[]): Node[] {
  const order: Node[] = [];
  const seen = new Set<Node>();
  for (const root of roots) {
    if (seen.has(root)) continue;
    seen.add(root);
    const stack: [Node, number][] = [[root, 0]];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const [node, i] = top;
      if (i < node.parents.length) {
        top[1]++;
        const p = node.parents[i];
        if (p !== null && !seen.has(p)) {
          seen.add(p);
          stack.push([p, 0]);
        }
      } else {
        stack.pop();
        order.push(node);
      }
    }
  }
  return order.reverse();
}

/**
 * Runs the backward pass from `roots` with output cotangents `cts`; returns the cotangent reaching
 * each of `leaves` (undefined where none does). With `release`, for a tape used once (grad), each
 * node lets go of its saved tensors as soon as its rules have run, so activations can be freed
 * while the pass is still going.
 */
export function backward(roots: readonly Node[], cts: readonly Tensor[], leaves: readonly Node[], release = false): (Tensor | undefined)[] {
  const wanted = new Set(leaves);
  const grads = new Map<Node, Tensor>();
  const accumulate = (node: Node, g: Tensor) => {
    const prev = grads.get(node);
    grads.set(node, prev === undefined ? g : add(prev, g));
  };
  roots.forEach((r, i) => accumulate(r, cts[i]));
  for (const node of topoOrder(roots)) {
    const ct = grads.get(node);
    if (ct === undefined || node.prim === null) continue;
    if (!wanted.has(node)) grads.delete(node); // free each cotangent once it is consumed
    const prim = node.prim;
    const ctx = { inputs: node.saved as Tensor[], out: node.out as Tensor, params: node.params, inputShapes: node.inputShapes };
    node.parents.forEach((parent, i) => {
      if (parent === null) return;
      const rule = ruleFor(prim.vjp, i)!;
      const g = debugHooks.aroundVjp === null ? rule(ct, ctx, i) : debugHooks.aroundVjp(prim, i, node.inputShapes, () => rule(ct, ctx, i));
      accumulate(parent, fitCotangent(g, node.inputShapes[i], node.inputDtypes[i], prim.name));
    });
    if (release) {
      node.saved = [];
      node.out = undefined;
    }
  }
  return leaves.map((l) => grads.get(l));
}
