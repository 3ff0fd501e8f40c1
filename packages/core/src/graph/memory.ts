/**
 * Memory of reverse mode, as data: what one backward pass really keeps (the tensors each op saves)
 * against what it would need if each op's Jacobian were materialized. For a 10,000-in,
 * 10,000-out layer the Jacobian has 100 million entries (800 MB in float64); its VJP needs none
 * of them, only the few vectors the op saved.
 */
import { bytesPerElement } from '../dtype';
import { sizeOf } from '../shape';
import type { BackwardGraph } from './backward_graph';

/** One op of the forward pass. */
export interface MemoryRow {
  /** Node id in the backward graph. */
  id: number;
  op: string;
  shape: number[];
  /** Shapes of the inputs a gradient flows to. */
  inputShapes: number[][];
  /** Bytes this op saves for its VJP. */
  savedBytes: number;
  /** Entries of its Jacobians (output size × input size, for each input needing a gradient). */
  jacobianEntries: number;
  jacobianBytes: number;
}

/** Bytes held by a backward pass versus bytes of materialized Jacobians. */
export interface MemoryReport {
  rows: MemoryRow[];
  /** Distinct tensors kept for the backward pass (parameters and inputs included). */
  heldBytes: number;
  /** Of those, intermediate values kept alive only for the backward pass. */
  activationBytes: number;
  /** All per-op Jacobians, if each were stored densely. */
  jacobianEntries: number;
  jacobianBytes: number;
  /** jacobianBytes / heldBytes: how much reverse mode saves by never forming a Jacobian (null if nothing is held). */
  ratio: number | null;
}

/** The memory report of a backward graph (see {@link backwardGraph}). */
export function memoryReport(graph: BackwardGraph): MemoryReport {
  if (!Array.isArray(graph?.nodes)) throw new TypeError('memoryReport: expected a graph from backwardGraph(f)(...args)');
  const rows: MemoryRow[] = graph.nodes
    .filter((n) => n.kind === 'op' && n.requiresGrad)
    .map((n) => {
      const wrt = n.inputs.filter((i) => graph.nodes[i].requiresGrad).map((i) => graph.nodes[i].shape);
      const entries = wrt.reduce((s, shape) => s + sizeOf(n.shape) * sizeOf(shape), 0);
      return { id: n.id, op: n.op, shape: n.shape, inputShapes: wrt, savedBytes: n.savedBytes, jacobianEntries: entries, jacobianBytes: entries * bytesPerElement(n.dtype) };
    });
  const jacobianBytes = rows.reduce((s, r) => s + r.jacobianBytes, 0);
  const heldBytes = graph.totals.savedBytes;
  return {
    rows,
    heldBytes,
    activationBytes: graph.totals.activationBytes,
    jacobianEntries: rows.reduce((s, r) => s + r.jacobianEntries, 0),
    jacobianBytes,
    ratio: heldBytes === 0 ? null : jacobianBytes / heldBytes,
  };
}
