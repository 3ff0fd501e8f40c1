/** Tensor factories: constants, ranges, identity, and seeded random tensors. */
import { Tensor, fromStorage, type TensorOptions } from './tensor';
import { allocate, checkDType, type DType } from './dtype';
import { checkShape, sizeOf } from './shape';
import { requireTensor } from './ops/util';

function make(shape: readonly number[], options: TensorOptions, where: string, fill?: (data: Float64Array | Float32Array) => void): Tensor {
  const s = checkShape(shape, where);
  const data = allocate(checkDType(options.dtype ?? 'float64', where), sizeOf(s));
  fill?.(data);
  return fromStorage(data, s);
}

/** A tensor of zeros. */
export function zeros(shape: readonly number[], options: TensorOptions = {}): Tensor {
  return make(shape, options, 'zeros');
}

/** A tensor of ones. */
export function ones(shape: readonly number[], options: TensorOptions = {}): Tensor {
  return make(shape, options, 'ones', (d) => d.fill(1));
}

/** A tensor filled with `value`. */
export function full(shape: readonly number[], value: number, options: TensorOptions = {}): Tensor {
  if (typeof value !== 'number') throw new TypeError(`full: value must be a number, got ${typeof value}`);
  return make(shape, options, 'full', (d) => d.fill(value));
}

/** Zeros with the shape and dtype of `x`. */
export function zerosLike(x: Tensor, options: TensorOptions = {}): Tensor {
  requireTensor(x, 'zerosLike');
  return zeros(x.shape, { dtype: options.dtype ?? x.dtype });
}

/** Ones with the shape and dtype of `x`. */
export function onesLike(x: Tensor, options: TensorOptions = {}): Tensor {
  requireTensor(x, 'onesLike');
  return ones(x.shape, { dtype: options.dtype ?? x.dtype });
}

/** The n x m identity matrix (m defaults to n). */
export function eye(n: number, m: number = n, options: TensorOptions = {}): Tensor {
  return make([n, m], options, 'eye', (d) => {
    for (let i = 0; i < Math.min(n, m); i++) d[i * m + i] = 1;
  });
}

/** Evenly spaced values in [start, stop) with step `step`, like NumPy's arange. `arange(n)` is 0..n-1. */
export function arange(start: number, stop?: number, step = 1, options: TensorOptions = {}): Tensor {
  const [a, b] = stop === undefined ? [0, start] : [start, stop];
  if (step === 0 || !Number.isFinite(step)) throw new Error(`arange: step must be a nonzero finite number, got ${step}`);
  if (!Number.isFinite(a) || !Number.isFinite(b)) throw new Error(`arange: start and stop must be finite, got ${a} and ${b}`);
  const n = Math.max(0, Math.ceil((b - a) / step));
  return make([n], options, 'arange', (d) => {
    for (let i = 0; i < n; i++) d[i] = a + i * step;
  });
}

/** `num` evenly spaced values from start to stop inclusive, like NumPy's linspace. */
export function linspace(start: number, stop: number, num = 50, options: TensorOptions = {}): Tensor {
  if (!Number.isInteger(num) || num < 0) throw new Error(`linspace: num must be a non-negative integer, got ${num}`);
  return make([num], options, 'linspace', (d) => {
    const step = num > 1 ? (stop - start) / (num - 1) : 0;
    for (let i = 0; i < num; i++) d[i] = start + i * step;
    if (num > 1) d[num - 1] = stop;
  });
}

export type { DType };
