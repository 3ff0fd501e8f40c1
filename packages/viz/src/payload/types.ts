/**
 * Payload types for the jacobi notebook MIME types. These are the wire format between the kernel
 * (`@jacobi/notebook`) and any renderer (the JupyterLab extension, the static pictures in this
 * package). The JSON Schema in `schema.ts` describes exactly these shapes; keep the two in step.
 */

/** Current payload format version. A renderer refuses payloads of any other version. */
export const PAYLOAD_VERSION = 1 as const;

/** MIME type of a tensor payload ({@link TensorPayload}). */
export const TENSOR_MIME = 'application/vnd.jacobi.tensor+json' as const;
/** MIME type of a Jacobian payload ({@link JacobianPayload}). */
export const JACOBIAN_MIME = 'application/vnd.jacobi.jacobian+json' as const;
/**
 * MIME type for structure-of-computation payloads: a backward graph ({@link GraphPayload}), a
 * chain-planner explanation ({@link ChainPlanPayload}) or a memory report
 * ({@link MemoryReportPayload}); the `kind` field tells them apart.
 */
export const GRAPH_MIME = 'application/vnd.jacobi.graph+json' as const;

/** The three jacobi MIME types. */
export type JacobiMime = typeof TENSOR_MIME | typeof JACOBIAN_MIME | typeof GRAPH_MIME;
/** All jacobi MIME types, in display-priority order. */
export const JACOBI_MIMES: readonly JacobiMime[] = [JACOBIAN_MIME, GRAPH_MIME, TENSOR_MIME];

/** Element types an {@link EncodedArray} may carry. */
export type WireDtype = 'float32' | 'float64' | 'int32' | 'uint8';

/**
 * A numeric array on the wire: base64 of the little-endian bytes of a typed array, row-major.
 * `shape` is the shape of THIS array (for display values, the downsampled shape).
 */
export interface EncodedArray {
  dtype: WireDtype;
  shape: number[];
  /** base64 of `product(shape)` elements of `dtype`, little-endian. */
  data: string;
}

/** Equal-width histogram of the finite values. `counts.length` bins spanning [lo, hi]. */
export interface Histogram {
  lo: number;
  hi: number;
  counts: number[];
}

/**
 * Statistics over the FULL tensor (not the downsampled values). Finite values only for
 * min/max/mean/std; these are null when the tensor has no finite value.
 */
export interface TensorStats {
  count: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  std: number | null;
  nanCount: number;
  posInfCount: number;
  negInfCount: number;
  /** Largest |value| over finite values (the symmetric colour range); null if none. */
  absMax: number | null;
  histogram: Histogram;
}

/**
 * How display values relate to the original array: along axis a, display index k covers original
 * indices [k*step[a], min((k+1)*step[a], shape[a])). `method` says how a block became one value:
 * `exact` (all steps are 1), `stride` (the block's first element), `maxabs` (the signed value of
 * largest magnitude; NaN if the block holds a NaN, so bad values stay visible) or `mean`.
 */
export interface Sampling {
  method: 'exact' | 'stride' | 'maxabs' | 'mean';
  step: number[];
}

/** `application/vnd.jacobi.tensor+json`: one tensor, summarized and (if large) downsampled. */
export interface TensorPayload {
  version: typeof PAYLOAD_VERSION;
  kind: 'tensor';
  /** The user's name for the tensor, if any. */
  name?: string;
  /** Shape and dtype of the original tensor. */
  shape: number[];
  dtype: string;
  stats: TensorStats;
  /** Display values; `values.shape` has the same rank as `shape`. */
  values: EncodedArray;
  sampling: Sampling;
}

/** `application/vnd.jacobi.jacobian+json`: a Jacobian flattened to a matrix of outputs × inputs. */
export interface JacobianPayload {
  version: typeof PAYLOAD_VERSION;
  kind: 'jacobian';
  /** Names used in the title ∂f/∂x (default 'f' and 'x'). */
  functionName: string;
  inputName: string;
  /** Unflattened shapes: the Jacobian's full shape is [...outputShape, ...inputShape]. */
  inputShape: number[];
  outputShape: number[];
  /** Optional labels for each flattened output i / input j (length = product of the shape). */
  outputNames?: string[];
  inputNames?: string[];
  /** How it was computed, if known. */
  mode?: 'forward' | 'reverse';
  /** The matrix [m, n] (m = outputs, n = inputs), summarized and downsampled like a tensor. */
  matrix: TensorPayload;
}

/** Role of a node in a backward graph. */
export type GraphNodeRole = 'op' | 'input' | 'param' | 'constant' | 'output';

/** One node of a backward graph. */
export interface GraphNode {
  id: string;
  role: GraphNodeRole;
  /** Display label: the op name for ops, the user's/parameter path name for leaves. */
  label: string;
  shape: number[];
  dtype: string;
  /** Whether a gradient flows to this node. */
  requiresGrad?: boolean;
  /** Bytes this node keeps for the backward pass. */
  savedBytes?: number;
  /**
   * Summary of the gradient of the (scalar) output with respect to this node's value; a field is
   * null in JSON where it was NaN or infinite (JSON has no such numbers).
   */
  grad?: { norm: number | null; absMax: number | null; mean: number | null };
}

/** An edge in the forward direction: `from` is an input of `to`. */
export interface GraphEdge {
  from: string;
  to: string;
}

/** `application/vnd.jacobi.graph+json` with kind `graph`: a backward graph. */
export interface GraphPayload {
  version: typeof PAYLOAD_VERSION;
  kind: 'graph';
  title?: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Node ids along a path from the loss to one parameter, drawn highlighted. */
  highlight?: string[];
  totals?: { nodes: number; savedBytes: number; multiplyAdds?: number };
}

/** One strategy's cost in a chain-planner explanation. */
export interface ChainStrategy {
  name: string;
  /** Multiply-adds to accumulate the Jacobian in this order. */
  multiplyAdds: number;
  /** Peak bytes (or elements, see `unit`) held. */
  peakMemory: number;
  /** Human-readable order, e.g. "((J3 J2) J1)". */
  order: string;
}

/** `application/vnd.jacobi.graph+json` with kind `chain-plan`: what the chain planner decided. */
export interface ChainPlanPayload {
  version: typeof PAYLOAD_VERSION;
  kind: 'chain-plan';
  title?: string;
  /** Each link k: its Jacobian shape [out, in] and whether it is diagonal. */
  links: { name: string; shape: [number, number]; diagonal: boolean }[];
  strategies: ChainStrategy[];
  /** Name of the chosen strategy (one of `strategies`). */
  best: string;
  /** Unit of `peakMemory` values. */
  memoryUnit: 'bytes' | 'elements';
}

/** One row of a memory report. */
export interface MemoryRow {
  name: string;
  /** Bytes actually held for the backward pass. */
  heldBytes: number;
  /** Bytes the materialized Jacobian would need. */
  jacobianBytes: number;
}

/** `application/vnd.jacobi.graph+json` with kind `memory-report`: held vs materialized bytes. */
export interface MemoryReportPayload {
  version: typeof PAYLOAD_VERSION;
  kind: 'memory-report';
  title?: string;
  rows: MemoryRow[];
  totals: { heldBytes: number; jacobianBytes: number };
}

/** Any payload carried under {@link GRAPH_MIME}. */
export type StructurePayload = GraphPayload | ChainPlanPayload | MemoryReportPayload;

/** The payload type for each MIME type. */
export interface PayloadByMime {
  [TENSOR_MIME]: TensorPayload;
  [JACOBIAN_MIME]: JacobianPayload;
  [GRAPH_MIME]: StructurePayload;
}

/** Any jacobi payload. */
export type Payload = TensorPayload | JacobianPayload | StructurePayload;
