/**
 * Full Jacobians, computed the batched way. jacrev runs ONE backward pass over a batch of one-hot
 * cotangents (the rows of the identity), jacfwd ONE forward pass over a batch of one-hot tangents:
 * vmap turns m vector-Jacobian products into matrix-matrix products. `chunkSize` splits that batch
 * to bound memory. The result for an output leaf of shape O and an input leaf of shape I has shape
 * [...O, ...I]; pytrees nest as JAX does: the output's structure, with the input's inside each leaf.
 */
import { Tensor } from '../tensor';
import { bytesPerElement, promote, type DType } from '../dtype';
import { concat } from '../ops/concat';
import { reshape } from '../ops/reshape';
import { slice } from '../ops/slice';
import { zeros } from '../creation';
import { jvp, vjp, type Pullback } from './autodiff';
import { treeFlatten } from './tree';
import { vmap } from './vmap';

/** Options for {@link jacfwd}, {@link jacrev} and {@link jacobian}. */
export interface JacobianOptions {
  /** Which positional argument(s) to differentiate with respect to (default 0). */
  argnums?: number | readonly number[];
  /**
   * How many basis vectors to push through at once (default: all of them). Smaller chunks use less
   * memory for intermediate values at the cost of more passes.
   */
  chunkSize?: number;
  /** Refuse to form a Jacobian larger than this many bytes (default 1 GiB). */
  maxBytes?: number;
}

/** Options for {@link jacobian}: which mode, or 'auto' (reverse when f has fewer outputs than inputs). */
export interface JacobianModeOptions extends JacobianOptions {
  mode?: 'fwd' | 'rev' | 'auto';
}

/** The default limit on the size of a full Jacobian: 1 GiB. */
export const DEFAULT_MAX_JACOBIAN_BYTES = 2 ** 30;

/**
 * Reverse-mode Jacobian: one forward pass, then one backward pass over a batch of m cotangents
 * (m = number of output elements). The cheap mode when f has few outputs.
 *
 * @example
 * ```ts
 * const J = jacrev((x: Tensor) => tanh(matmul(W, x)))(x); // shape [W.shape[0], x.shape[0]]
 * ```
 */
export function jacrev<A extends any[]>(f: (...args: A) => any, options: JacobianOptions = {}): (...args: A) => any {
  return jacobian(f, { ...options, mode: 'rev' });
}

/**
 * Forward-mode Jacobian: one forward pass over a batch of n tangents (n = number of input
 * elements). The cheap mode when f has few inputs.
 */
export function jacfwd<A extends any[]>(f: (...args: A) => any, options: JacobianOptions = {}): (...args: A) => any {
  return jacobian(f, { ...options, mode: 'fwd' });
}

/**
 * The Jacobian of `f` with respect to argument(s) `argnums`, by forward or reverse mode. 'auto'
 * (the default) records the forward pass, then uses it for reverse mode when the outputs have fewer
 * elements than the inputs; otherwise it runs forward mode (one forward evaluation is then wasted).
 */
export function jacobian<A extends any[]>(f: (...args: A) => any, options: JacobianModeOptions = {}): (...args: A) => any {
  const mode = options.mode ?? 'auto';
  const name = mode === 'auto' ? 'jacobian' : mode === 'rev' ? 'jacrev' : 'jacfwd';
  if (typeof f !== 'function') throw new TypeError(`${name}: first argument must be a function`);
  if (!['fwd', 'rev', 'auto'].includes(mode)) throw new Error(`jacobian: mode must be 'fwd', 'rev' or 'auto', got ${JSON.stringify(mode)}`);
  const chunkSize = options.chunkSize;
  if (chunkSize !== undefined && !(Number.isInteger(chunkSize) && chunkSize > 0)) throw new RangeError(`${name}: chunkSize must be a positive integer, got ${chunkSize}`);
  const limit = { name, maxBytes: options.maxBytes ?? DEFAULT_MAX_JACOBIAN_BYTES };
  return (...args: A) => {
    const [x, g] = withRespectTo(f, args, options.argnums ?? 0, name);
    const [inLeaves, rebuildIn] = treeFlatten(x, `${name} (differentiated argument)`);
    const n = inLeaves.reduce((s, l) => s + l.size, 0);
    let blocks: Tensor[][];
    let rebuildOut: (ls: readonly any[]) => any;
    if (mode === 'fwd') {
      [blocks, rebuildOut] = forwardBlocks(g, x, inLeaves, rebuildIn, chunkSize, limit);
    } else {
      const [out, pullback] = vjp(g, x);
      const [outLeaves, rebuild] = treeFlatten(out, `${name} (output of f)`);
      const m = outLeaves.reduce((s, l) => s + l.size, 0);
      // The recorded pass already told the output size, so forward mode needs no probe column.
      if (mode === 'auto' && m >= n) [blocks, rebuildOut] = forwardBlocks(g, x, inLeaves, rebuildIn, chunkSize, limit, { size: m, dtype: resultDType(outLeaves) });
      else [blocks, rebuildOut] = [reverseBlocks(pullback, outLeaves, rebuild, inLeaves, chunkSize, limit), rebuild];
    }
    return rebuildOut(blocks.map((row) => rebuildIn(row)));
  };
}

/** The differentiated input (one argument, or a tuple for several) and f as a function of it alone. */
function withRespectTo(f: (...args: any[]) => any, args: any[], argnums: number | readonly number[], name: string): [unknown, (x: any) => any] {
  const nums = typeof argnums === 'number' ? [argnums] : [...argnums];
  for (const k of nums) {
    if (!Number.isInteger(k) || k < 0 || k >= args.length) throw new RangeError(`${name}: argnums ${k} is out of range for ${args.length} argument(s)`);
  }
  const x = typeof argnums === 'number' ? args[argnums] : nums.map((k) => args[k]);
  const g = (picked: any) => {
    const full = args.slice();
    if (typeof argnums === 'number') full[argnums] = picked;
    else nums.forEach((k, i) => (full[k] = picked[i]));
    return f(...full);
  };
  return [x, g];
}

interface Limit {
  readonly name: string;
  readonly maxBytes: number;
}

function checkSize(m: number, n: number, dtype: DType, { name, maxBytes }: Limit): void {
  const bytes = m * n * bytesPerElement(dtype);
  if (bytes > maxBytes) {
    throw new Error(
      `${name}: the full Jacobian has ${m} × ${n} = ${m * n} entries (${dtype}), ${bytes} bytes (${human(bytes)}), ` +
        `more than maxBytes = ${maxBytes} (${human(maxBytes)}). Use vjp (uᵀJ, one backward pass) or jvp (J·v, one forward pass) ` +
        'to work with J without forming it, or raise maxBytes.',
    );
  }
}

function human(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = bytes;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

const resultDType = (leaves: readonly Tensor[]): DType => leaves.reduce<DType>((d, l) => promote(d, l.dtype), 'float32');

/**
 * Rows [start, stop) of the identity over all elements of `leaves`, cut into one batch per leaf:
 * leaf i gets shape [stop - start, ...leaf.shape] (batch axis first) or [...leaf.shape, stop -
 * start] (batch axis last), one-hot where row r hits one of its elements.
 */
function basis(leaves: readonly Tensor[], start: number, stop: number, batchAxis: 'first' | 'last'): Tensor[] {
  const k = stop - start;
  let offset = 0;
  return leaves.map((leaf) => {
    const t = zeros(batchAxis === 'first' ? [k, ...leaf.shape] : [...leaf.shape, k], { dtype: leaf.dtype });
    const data = t.data, size = leaf.size;
    for (let r = 0; r < k; r++) {
      const j = start + r - offset;
      if (j >= 0 && j < size) data[batchAxis === 'first' ? r * size + j : j * k + r] = 1;
    }
    offset += size;
    return t;
  });
}

/** [0, total) in chunks of `chunkSize` (default: all of it at once). */
function chunks(total: number, chunkSize: number | undefined): [number, number][] {
  const out: [number, number][] = [];
  const step = chunkSize ?? Math.max(total, 1);
  for (let s = 0; s < total; s += step) out.push([s, Math.min(s + step, total)]);
  return out;
}

/** Jacobian blocks [outLeaf][inLeaf] from batched pullbacks over rows of the identity. */
function reverseBlocks(
  pullback: Pullback,
  outLeaves: readonly Tensor[],
  rebuildOut: (ls: readonly Tensor[]) => any,
  inLeaves: readonly Tensor[],
  chunkSize: number | undefined,
  limit: Limit,
): Tensor[][] {
  const m = outLeaves.reduce((s, l) => s + l.size, 0);
  const n = inLeaves.reduce((s, l) => s + l.size, 0);
  checkSize(m, n, resultDType(inLeaves), limit);
  // One cotangent row u gives the row uᵀJ for every input leaf; vmap pushes a chunk of rows at once.
  const rows = vmap((cts: Tensor[]) => treeFlatten(pullback(rebuildOut(cts))[0])[0]);
  const pieces = chunks(m, chunkSize).map(([s, e]) => rows(basis(outLeaves, s, e, 'first')) as Tensor[]);
  // full[j]: [m, ...inLeaves[j].shape]
  const full = inLeaves.map((leaf, j) => (pieces.length === 0 ? zeros([0, ...leaf.shape], { dtype: leaf.dtype }) : pieces.length === 1 ? pieces[0][j] : concat(pieces.map((p) => p[j]), 0)));
  let offset = 0;
  return outLeaves.map((o) => {
    const rowsOf = [offset, (offset += o.size)] as const;
    return inLeaves.map((leaf, j) => reshape(slice(full[j], [rowsOf]), [...o.shape, ...leaf.shape]));
  });
}

/** Jacobian blocks [outLeaf][inLeaf] from a batched jvp over rows of the identity. */
function forwardBlocks(
  g: (x: any) => any,
  x: unknown,
  inLeaves: readonly Tensor[],
  rebuildIn: (ls: readonly Tensor[]) => any,
  chunkSize: number | undefined,
  limit: Limit,
  knownOutput?: { size: number; dtype: DType },
): [Tensor[][], (ls: readonly any[]) => any] {
  const n = inLeaves.reduce((s, l) => s + l.size, 0);
  if (n === 0) {
    const [outs, rebuild] = treeFlatten(g(x), `${limit.name} (output of f)`);
    return [outs.map((o) => inLeaves.map((leaf) => zeros([...o.shape, ...leaf.shape], { dtype: o.dtype }))), rebuild];
  }
  // Tangents carry their batch axis last, where the Jacobian's columns go: batch rules that keep
  // a batch axis in place (elementwise ops, reshapes, matmul by a shared matrix) then need no
  // transposes on the way.
  const columns = vmap((ts: Tensor[]) => jvp(g, [x], [rebuildIn(ts)])[1], { inAxes: -1, outAxes: -1 });
  const pass = (s: number, e: number) => treeFlatten(columns(basis(inLeaves, s, e, 'last')), `${limit.name} (output of f)`);
  let rebuildOut: (ls: readonly any[]) => any = (ls) => ls;
  const pieces: Tensor[][] = [];
  let from = 0;
  if (knownOutput) checkSize(knownOutput.size, n, knownOutput.dtype, limit);
  else {
    // Unless the output size is known, one column tells it, so the size check comes before the big
    // batch. That column is kept only if the rest comes in chunks anyway (else it would cost a
    // copy of the whole Jacobian to join it on).
    const [outs, rebuild] = pass(0, 1);
    rebuildOut = rebuild;
    checkSize(outs.reduce((t, o) => t + o.size, 0), n, resultDType(outs), limit);
    if (chunkSize !== undefined && chunkSize < n) {
      pieces.push(outs);
      from = 1;
    }
  }
  for (const [s, e] of chunks(n - from, chunkSize)) {
    const [outs, rebuild] = pass(from + s, from + e);
    rebuildOut = rebuild;
    pieces.push(outs);
  }
  // full[i]: [...outLeaves[i].shape, n]
  const full = pieces[0].map((_, i) => (pieces.length === 1 ? pieces[0][i] : concat(pieces.map((p) => p[i]), -1)));
  return [
    full.map((col) => {
      const outShape = col.shape.slice(0, -1);
      let offset = 0;
      return inLeaves.map((leaf) => {
        const cols = [offset, (offset += leaf.size)] as const;
        return reshape(slice(col, [...outShape.map(() => null), cols]), [...outShape, ...leaf.shape]);
      });
    }),
    rebuildOut,
  ];
}

