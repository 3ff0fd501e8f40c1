/**
 * Building payloads from raw numbers: statistics over the full array and a bounded, downsampled
 * copy for display. Used kernel-side (so a 10-million-element tensor travels as a few kB) and by
 * tests; pure functions over typed arrays, no dependence on @jacobi/core.
 */
import { encodeArray } from './base64';
import { validatePayload } from './validate';
import {
  JACOBIAN_MIME,
  PAYLOAD_VERSION,
  TENSOR_MIME,
  type JacobianPayload,
  type Sampling,
  type TensorPayload,
  type TensorStats,
} from './types';

/** Default number of display values kept for a tensor (float32: 64 kB, ~87 kB of base64). */
export const DEFAULT_TENSOR_DISPLAY = 16_384;
/** Default number of display values kept for a Jacobian matrix (e.g. 286 × 286 for 2000 × 2000). */
export const DEFAULT_JACOBIAN_DISPLAY = 102_400;
/** Default histogram bin count. */
export const HISTOGRAM_BINS = 24;

const product = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Statistics of all values: finite min/max/mean/std, NaN/±Inf counts and a histogram. */
export function computeStats(values: ArrayLike<number>, bins = HISTOGRAM_BINS): TensorStats {
  let nanCount = 0;
  let posInfCount = 0;
  let negInfCount = 0;
  let finite = 0;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) nanCount++;
    else if (v === Infinity) posInfCount++;
    else if (v === -Infinity) negInfCount++;
    else {
      finite++;
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (finite === 0) {
    return {
      count: values.length, min: null, max: null, mean: null, std: null, absMax: null,
      nanCount, posInfCount, negInfCount, histogram: { lo: 0, hi: 0, counts: [] },
    };
  }
  const mean = sum / finite;
  // Second pass: squared deviations (stable where sum-of-squares cancels) and the histogram.
  const counts = new Array<number>(bins).fill(0);
  const width = (max - min) / bins;
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    squares += (v - mean) * (v - mean);
    counts[width > 0 ? Math.min(bins - 1, Math.floor((v - min) / width)) : 0]++;
  }
  return {
    count: values.length, min, max, mean, std: Math.sqrt(squares / finite),
    absMax: Math.max(Math.abs(min), Math.abs(max)),
    nanCount, posInfCount, negInfCount,
    histogram: { lo: min, hi: max, counts: width > 0 ? counts : [finite] },
  };
}

/**
 * Per-axis steps so the display array has at most `budget` elements: every axis longer than a
 * common cap L is cut down to about L, with L as large as the budget allows (binary search; the
 * display size only grows with L). Equal axes stay equal, short axes keep full resolution.
 */
export function displaySteps(shape: readonly number[], budget: number): number[] {
  const stepsFor = (cap: number) => shape.map((n) => Math.max(1, Math.ceil(n / cap)));
  const sizeFor = (cap: number) => stepsFor(cap).reduce((s, step, a) => s * Math.ceil(shape[a] / step), 1);
  let lo = 1;
  let hi = Math.max(1, ...shape);
  if (sizeFor(hi) <= budget) return stepsFor(hi);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (sizeFor(mid) <= budget) lo = mid;
    else hi = mid;
  }
  return stepsFor(lo);
}

/**
 * Downsamples a row-major array by blocks of `step` per axis. `maxabs` keeps each block's signed
 * value of largest magnitude (NaN if the block has one, so bad values stay visible); `mean`
 * averages; `stride` takes the block's first element.
 */
export function downsample(
  values: ArrayLike<number>,
  shape: readonly number[],
  step: readonly number[],
  method: Exclude<Sampling['method'], 'exact'> = 'maxabs',
): Float32Array {
  const shown = shape.map((n, a) => Math.ceil(n / step[a]));
  const rank = shape.length;
  const out = new Float64Array(product(shown));
  const seen = new Uint8Array(out.length); // maxabs: whether a block has a value yet
  const counts = method === 'mean' ? new Float64Array(out.length) : undefined;
  if (rank === 0) return Float32Array.from([values[0]]);
  // Each original index maps to a display offset: sum over axes of floor(i/step)*displayStride.
  const displayStride = new Array<number>(rank);
  for (let a = rank - 1, s = 1; a >= 0; a--) { displayStride[a] = s; s *= shown[a]; }
  const axisOffset = shape.map((n, a) => Int32Array.from({ length: n }, (_, i) => Math.floor(i / step[a]) * displayStride[a]));
  if (product(shape) === 0) return new Float32Array(0);
  const index = new Array<number>(rank).fill(0);
  const last = rank - 1;
  const inner = axisOffset[last];
  for (let flat = 0; flat < values.length; flat += shape[last]) {
    let base = 0;
    for (let a = 0; a < last; a++) base += axisOffset[a][index[a]];
    for (let i = 0; i < shape[last]; i++) {
      const o = base + inner[i];
      const v = values[flat + i];
      if (method === 'stride') {
        if (!seen[o]) { out[o] = v; seen[o] = 1; }
      } else if (method === 'mean') {
        out[o] += v; counts![o]++;
      } else if (!seen[o] || v !== v || Math.abs(v) > Math.abs(out[o])) {
        if (out[o] === out[o]) out[o] = v; // once NaN, the block stays NaN
        seen[o] = 1;
      }
    }
    for (let a = last - 1; a >= 0; a--) { if (++index[a] < shape[a]) break; index[a] = 0; }
  }
  if (counts) for (let o = 0; o < out.length; o++) out[o] /= counts[o];
  return Float32Array.from(out);
}

/** Options for {@link tensorPayload}. */
export interface TensorPayloadOptions {
  /** The user's name for the tensor. */
  name?: string;
  /** dtype of the original tensor (default 'float64'). */
  dtype?: string;
  /** Most display values to keep (default {@link DEFAULT_TENSOR_DISPLAY}). */
  maxDisplay?: number;
  /** How blocks are reduced when downsampling (default 'maxabs'). */
  method?: Exclude<Sampling['method'], 'exact'>;
}

/** Builds and validates a tensor payload from row-major values of the given shape. */
export function tensorPayload(values: ArrayLike<number>, shape: readonly number[], options: TensorPayloadOptions = {}): TensorPayload {
  if (product(shape) !== values.length) {
    throw new Error(`tensorPayload: shape [${shape.join(', ')}] holds ${product(shape)} elements but ${values.length} values were given`);
  }
  const step = displaySteps(shape, options.maxDisplay ?? DEFAULT_TENSOR_DISPLAY);
  const exact = step.every((s) => s === 1);
  const method = exact ? 'exact' : options.method ?? 'maxabs';
  const display = exact ? Float32Array.from(values) : downsample(values, shape, step, method as Exclude<Sampling['method'], 'exact'>);
  const payload: TensorPayload = {
    version: PAYLOAD_VERSION,
    kind: 'tensor',
    ...(options.name !== undefined ? { name: options.name } : {}),
    shape: [...shape],
    dtype: options.dtype ?? 'float64',
    stats: computeStats(values),
    values: encodeArray(display, shape.map((n, a) => Math.ceil(n / step[a]))),
    sampling: { method, step },
  };
  return validatePayload(TENSOR_MIME, payload);
}

/** Options for {@link jacobianPayload}. */
export interface JacobianPayloadOptions {
  functionName?: string;
  inputName?: string;
  /** Labels per flattened output i / input j (kept only when there are at most `maxNames`). */
  outputNames?: string[];
  inputNames?: string[];
  mode?: 'forward' | 'reverse';
  dtype?: string;
  /** Most display cells (default {@link DEFAULT_JACOBIAN_DISPLAY}). */
  maxDisplay?: number;
  /** Name lists longer than this are dropped to bound the payload (default 4096). */
  maxNames?: number;
}

/**
 * Builds and validates a Jacobian payload. `values` is the Jacobian of shape
 * [...outputShape, ...inputShape] in row-major order, i.e. the matrix [m, n] row by row.
 */
export function jacobianPayload(
  values: ArrayLike<number>,
  outputShape: readonly number[],
  inputShape: readonly number[],
  options: JacobianPayloadOptions = {},
): JacobianPayload {
  const m = product(outputShape);
  const n = product(inputShape);
  const maxNames = options.maxNames ?? 4096;
  const names = (list: string[] | undefined, size: number, what: string) => {
    if (list === undefined || list.length > maxNames) return undefined;
    if (list.length !== size) throw new Error(`jacobianPayload: ${what} has ${list.length} names for ${size} ${what === 'inputNames' ? 'inputs' : 'outputs'}`);
    return list.map(String);
  };
  const outputNames = names(options.outputNames, m, 'outputNames');
  const inputNames = names(options.inputNames, n, 'inputNames');
  const payload: JacobianPayload = {
    version: PAYLOAD_VERSION,
    kind: 'jacobian',
    functionName: options.functionName ?? 'f',
    inputName: options.inputName ?? 'x',
    inputShape: [...inputShape],
    outputShape: [...outputShape],
    ...(outputNames ? { outputNames } : {}),
    ...(inputNames ? { inputNames } : {}),
    ...(options.mode ? { mode: options.mode } : {}),
    matrix: tensorPayload(values, [m, n], { dtype: options.dtype, maxDisplay: options.maxDisplay ?? DEFAULT_JACOBIAN_DISPLAY }),
  };
  return validatePayload(JACOBIAN_MIME, payload);
}
