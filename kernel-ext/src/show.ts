/**
 * show(), showJacobian(), showGraph() and live display handles: each call sends ONE MIME bundle
 * holding our JSON payload (for the JupyterLab extension), a static SVG picture (for GitHub,
 * nbviewer, VS Code, untrusted notebooks) and a text/plain summary.
 */
import { randomBytes } from 'node:crypto';
import { backwardGraph, jacobian, memoryReport, type BackwardGraph, type Tensor } from '@jacobi/core';
import {
  GRAPH_MIME,
  JACOBIAN_MIME,
  jacobianPayload,
  renderPayload,
  summaryText,
  TENSOR_MIME,
  validatePayload,
  type JacobianPayload,
  type JacobiMime,
  type Payload,
} from '@jacobi/viz';
import { sendBundle, type MimeBundle } from './kernel';
import {
  chainPlanToPayload,
  graphToPayload,
  isBackwardGraph,
  isChainPlan,
  isMemoryReport,
  isPayload,
  isTensor,
  memoryToPayload,
  tensorToPayload,
  type GraphPayloadOptions,
} from './payloads';
import { isPlotSpec, plotBundle } from './plot';

/** Options for {@link show}. */
export interface ShowOptions extends GraphPayloadOptions, Omit<ShowJacobianOptions, 'mode'> {
  /** Name shown with a tensor. */
  name?: string;
  /**
   * Show a tensor as a Jacobian with respect to this input (a tensor or its shape): the tensor's
   * trailing dimensions are the input's, the leading ones the output's, as `jacrev` returns.
   */
  wrt?: Tensor | readonly number[];
}

/** A Jacobian tensor's payload, splitting its shape into output and input parts. */
function jacobianTensorPayload(J: Tensor, options: ShowOptions): JacobianPayload {
  const inputShape = isTensor(options.wrt) ? options.wrt.shape : [...(options.wrt as readonly number[])];
  const k = J.shape.length - inputShape.length;
  if (k < 0 || inputShape.some((d, a) => J.shape[k + a] !== d)) {
    throw new Error(`show: a Jacobian of shape [${J.shape.join(', ')}] does not end with the input shape [${inputShape.join(', ')}] given as wrt`);
  }
  return jacobianPayload(J.data, J.shape.slice(0, k), inputShape, {
    functionName: options.functionName,
    inputName: options.inputName,
    inputNames: options.inputNames,
    outputNames: options.outputNames,
    dtype: J.dtype,
  });
}

/** The MIME type that carries a payload. */
export function mimeOf(p: Payload): JacobiMime {
  return p.kind === 'tensor' ? TENSOR_MIME : p.kind === 'jacobian' ? JACOBIAN_MIME : GRAPH_MIME;
}

/**
 * The payload for anything `show` accepts: a tensor, a backward graph, a memory report, a chain
 * plan (or its explanation), or a ready payload (validated again).
 */
export function toPayload(x: unknown, options: ShowOptions = {}): Payload {
  if (isTensor(x)) return options.wrt !== undefined ? jacobianTensorPayload(x, options) : tensorToPayload(x, options.name);
  if (isPayload(x)) return validatePayload(mimeOf(x), x);
  if (isBackwardGraph(x)) return graphToPayload(x, options);
  if (isMemoryReport(x)) return memoryToPayload(x, options.title);
  if (isChainPlan(x)) return chainPlanToPayload(x, options.title);
  const what = x === null ? 'null' : Array.isArray(x) ? 'an array' : typeof x === 'object' ? `an object with keys ${Object.keys(x as object).slice(0, 6).join(', ')}` : typeof x;
  throw new TypeError(`show: cannot show ${what}; expected a Tensor, a backwardGraph(...) result, a memoryReport(...), a chain plan or a jacobi payload`);
}

/**
 * The MIME bundle of a payload: JSON payload + SVG picture + plain text. The payload travels as
 * its JSON text: JupyterLab deep-copies object-valued outputs (a JSON round trip, several times
 * per output, all in one task when a notebook opens) but keeps strings as they are, and the
 * renderer parses the text once.
 */
export function bundleOf(p: Payload): MimeBundle {
  return { [mimeOf(p)]: JSON.stringify(p), 'image/svg+xml': renderPayload(p), 'text/plain': summaryText(p) };
}

/**
 * Shows a tensor, a Jacobian (a tensor with `wrt`), a backward graph, a memory report, a
 * chain-planner explanation or a payload in the notebook, as one output.
 *
 * @example
 * show(randn([64, 64]), { name: 'W' });
 * show(jacrev(f)(x), { wrt: x, inputNames: ['a', 'b', 'c'] });
 * show(backwardGraph(loss)(params, x, y), { highlight: 'layers.0.weight' });
 */
export function show(x: unknown, options: ShowOptions = {}): void {
  sendBundle(bundleOf(toPayload(x, options)));
}

/** Options for {@link showJacobian} and {@link jacobianOf}. */
export interface ShowJacobianOptions {
  /** A label per flattened input element j (columns). */
  inputNames?: string[];
  /** A label per flattened output element i (rows). */
  outputNames?: string[];
  /** 'forward', 'reverse' or 'auto' (reverse when f has fewer outputs than inputs; default). */
  mode?: 'forward' | 'reverse' | 'auto';
  /** Names in the title ∂f/∂x (default 'f' and 'x'). */
  functionName?: string;
  inputName?: string;
}

/** Computes the Jacobian of `f` at `x` and returns its payload (what {@link showJacobian} shows). */
export function jacobianOf(f: (x: Tensor) => Tensor, x: Tensor, options: ShowJacobianOptions = {}): JacobianPayload {
  if (typeof f !== 'function') throw new TypeError('showJacobian: first argument must be a function of one tensor');
  if (!isTensor(x)) throw new TypeError('showJacobian: second argument must be a Tensor (the point at which to differentiate)');
  const coreMode = options.mode === 'forward' ? 'fwd' : options.mode === 'reverse' ? 'rev' : 'auto';
  const J = jacobian(f, { mode: coreMode })(x);
  if (!isTensor(J)) throw new TypeError('showJacobian: f must return a single Tensor');
  const outputShape = J.shape.slice(0, J.shape.length - x.shape.length);
  const outSize = outputShape.reduce((a, b) => a * b, 1);
  const mode = options.mode && options.mode !== 'auto' ? options.mode : outSize < x.size ? 'reverse' : 'forward';
  return jacobianPayload(J.data, outputShape, x.shape, {
    functionName: options.functionName ?? (f.name && f.name !== 'f' ? f.name : 'f'),
    inputName: options.inputName ?? 'x',
    inputNames: options.inputNames,
    outputNames: options.outputNames,
    mode,
    dtype: J.dtype,
  });
}

/**
 * Shows the Jacobian of `f` at `x` as a heatmap: rows are outputs i, columns inputs j.
 *
 * @example
 * showJacobian((x) => tanh(matmul(W, x)), x, { inputNames: ['a', 'b', 'c'] });
 */
export function showJacobian(f: (x: Tensor) => Tensor, x: Tensor, options: ShowJacobianOptions = {}): void {
  sendBundle(bundleOf(jacobianOf(f, x, options)));
}

/** Options for {@link showGraph}: which parameter's gradient path to highlight, a title, argnums. */
export interface ShowGraphOptions extends GraphPayloadOptions {
  /** Which arguments of `f` are differentiated (default 0), as for `grad`. */
  argnums?: number | readonly number[];
  /** Also show the memory report (held bytes vs materialized Jacobians) as a second output. */
  memory?: boolean;
}

/**
 * Shows the backward graph of a computation: either a graph from `backwardGraph(f)(...args)`,
 * or `f` with its arguments.
 *
 * @example
 * showGraph((p, x, y) => mseLoss(model.apply(p, x), y), [params, x, y], { highlight: 'layers.0.weight' });
 */
export function showGraph(graph: BackwardGraph, options?: ShowGraphOptions): void;
export function showGraph<A extends unknown[]>(f: (...args: A) => unknown, args: A, options?: ShowGraphOptions): void;
export function showGraph(target: unknown, argsOrOptions?: unknown, maybeOptions?: ShowGraphOptions): void {
  let graph: BackwardGraph;
  let options: ShowGraphOptions;
  if (typeof target === 'function') {
    if (!Array.isArray(argsOrOptions)) throw new TypeError('showGraph(f, args, options): args must be an array of the arguments of f');
    options = maybeOptions ?? {};
    graph = backwardGraph(target as (...a: unknown[]) => unknown, { argnums: options.argnums })(...argsOrOptions);
  } else if (isBackwardGraph(target)) {
    graph = target;
    options = (argsOrOptions as ShowGraphOptions | undefined) ?? {};
  } else {
    throw new TypeError('showGraph: expected a function and its arguments, or a graph from backwardGraph(f)(...args)');
  }
  sendBundle(bundleOf(graphToPayload(graph, options)));
  if (options.memory) sendBundle(bundleOf(memoryToPayload(memoryReport(graph))));
}

/**
 * One output that can be redrawn in place (Jupyter's update_display_data), e.g. for training
 * progress: the first `update` creates the output, later ones replace it.
 */
export class DisplayHandle {
  /** The Jupyter display id shared by every update. */
  readonly id = randomBytes(8).toString('hex');
  private shown = false;

  /** Shows `x` (anything {@link show} accepts, a {@link plot} description, or a string shown as plain text) in this output. */
  update(x: unknown, options: ShowOptions = {}): void {
    const data = typeof x === 'string' ? { 'text/plain': x } : isPlotSpec(x) ? plotBundle(x) : bundleOf(toPayload(x, options));
    sendBundle(data, { displayId: this.id, update: this.shown });
    this.shown = true;
  }
}

/**
 * A live output: `const d = display(); for (...) d.update(lossHistory)` redraws one output.
 * With an argument, shows it at once.
 */
export function display(initial?: unknown, options: ShowOptions = {}): DisplayHandle {
  const handle = new DisplayHandle();
  if (initial !== undefined) handle.update(initial, options);
  return handle;
}
