/**
 * The Tensor class: an n-d array in contiguous row-major storage. Operations are added to its
 * prototype by the op modules (each op file declares its own method form), so this file knows
 * nothing about autodiff.
 */
import { allocate, bytesPerElement, checkDType, dtypeOfArray, type DType, type TypedArray } from './dtype';
import { checkShape, fmt, sizeOf, type Shape } from './shape';
import { formatTensor } from './format';

/** Nested arrays of numbers, as accepted by {@link tensor}. */
export type NestedArray = number | readonly NestedArray[];

/** An n-dimensional array of float64 or float32 numbers, differentiable by every transform. */
export class Tensor {
  /** Dimensions, outermost first. A scalar has shape []. */
  readonly shape: readonly number[];
  /** Element type. */
  readonly dtype: DType;
  /** @internal Contiguous storage; undefined for tracers (which hold their values elsewhere). */
  readonly _data: TypedArray | undefined;

  /** @internal Use {@link tensor}, {@link zeros} and friends to make tensors. */
  constructor(shape: Shape, dtype: DType, data?: TypedArray) {
    // A private copy, typed readonly. Not frozen: frozen and plain arrays side by side make every
    // shape read polymorphic, which doubled the engine's cost per op.
    this.shape = shape.slice();
    this.dtype = dtype;
    this._data = data;
  }

  /** Number of elements. */
  get size(): number {
    return sizeOf(this.shape);
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /** Bytes of storage the values need. */
  get nbytes(): number {
    return this.size * bytesPerElement(this.dtype);
  }

  /**
   * @internal The concrete tensor holding this tensor's values. Inside `grad` or `jvp` a tensor
   * is a tracer; its values are those of the point being differentiated at.
   */
  concrete(): Tensor {
    return this;
  }

  /** The values as a typed array (a view of the storage: do not write to it). */
  get data(): TypedArray {
    return this.concrete()._data as TypedArray;
  }

  /** The values as nested JavaScript arrays (a number for a scalar). */
  toArray(): NestedArray {
    const d = this.data;
    const build = (axis: number, offset: number, stride: number): NestedArray => {
      if (axis === this.shape.length) return d[offset];
      const n = this.shape[axis];
      const inner = stride / (n || 1);
      const out: NestedArray[] = [];
      for (let i = 0; i < n; i++) out.push(build(axis + 1, offset + i * inner, inner));
      return out;
    };
    return build(0, 0, this.size);
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new Error(`item: tensor of shape ${fmt(this.shape)} has ${this.size} elements; item() needs exactly one`);
    return this.data[0];
  }

  toString(): string {
    let data: TypedArray;
    try {
      data = this.data;
    } catch (e) {
      // Printing never throws: a tensor whose values cannot be read here (inside vmap it stands
      // for a whole batch) still shows its shape and dtype, and why its values are not shown.
      return `tensor(<${(e as Error).message}>, shape=${fmt(this.shape)}, dtype=${this.dtype})`;
    }
    return formatTensor(this.shape, this.dtype, data);
  }

  /** How Node's console.log (and so the tslab kernel) prints a tensor. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** Anything ops accept where a tensor is expected: plain numbers become scalars of the other operand's dtype. */
export type TensorLike = Tensor | number;

/** Options for creating tensors. */
export interface TensorOptions {
  /** Element type; float64 when omitted. */
  dtype?: DType;
}

/** @internal Wraps storage without copying. */
export function fromStorage(data: TypedArray, shape: Shape): Tensor {
  return new Tensor(shape, dtypeOfArray(data), data);
}

/** Is `x` a tracer of a transform still running? (Tracers live in engine/, which imports this file.) */
function isFollowed(x: Tensor): boolean {
  return (x as { trace?: { alive?: boolean } }).trace?.alive === true;
}

/**
 * Makes a tensor from a number, nested arrays, or a typed array with a shape.
 *
 * @example tensor([[1, 2], [3, 4]])
 * @example tensor(new Float32Array([1, 2, 3, 4]), { shape: [2, 2] })
 */
export function tensor(data: NestedArray | TypedArray | Tensor, options: TensorOptions & { shape?: readonly number[] } = {}): Tensor {
  const dtype = checkDType(options.dtype ?? (data instanceof Float32Array ? 'float32' : data instanceof Tensor ? data.dtype : 'float64'), 'tensor');
  if (data instanceof Tensor) {
    if (isFollowed(data)) {
      throw new Error(
        'tensor: its argument is being differentiated or batched (inside grad, jvp or vmap); copying it would cut it off from the derivative. ' +
          'Use the tensor itself, or astype(x, dtype) / reshape(x, shape), which transforms follow',
      );
    }
    return fromStorage(convert(data.data, dtype), withShape(options.shape, data.shape));
  }
  if (data instanceof Float64Array || data instanceof Float32Array) {
    return fromStorage(convert(data, dtype, true), withShape(options.shape, [data.length]));
  }
  if (ArrayBuffer.isView(data)) {
    throw new TypeError(`tensor: a ${data.constructor.name} is not accepted; pass a Float64Array or Float32Array (or Array.from(values))`);
  }
  const shape = inferShape(data);
  return fromStorage(flatten(data, dtype, sizeOf(shape)), withShape(options.shape, shape));
}

/** The requested shape (checked to hold exactly the data's elements), or the data's own. */
function withShape(requested: readonly number[] | undefined, own: readonly number[]): readonly number[] {
  if (requested === undefined) return own;
  const want = checkShape(requested, 'tensor');
  if (sizeOf(want) !== sizeOf(own)) throw new Error(`tensor: data has ${sizeOf(own)} elements but shape ${fmt(want)} needs ${sizeOf(want)}`);
  return want;
}

function convert(src: TypedArray, dtype: DType, copy = false): TypedArray {
  if (!copy && dtypeOfArray(src) === dtype) return src;
  const out = allocate(dtype, src.length);
  out.set(src);
  return out;
}

function inferShape(data: NestedArray): number[] {
  const shape: number[] = [];
  let cur: NestedArray = data;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    cur = cur[0];
  }
  if (typeof cur !== 'number' && cur !== undefined) {
    throw new TypeError(`tensor: expected numbers or nested arrays of numbers, found ${typeof cur}`);
  }
  return shape;
}

function flatten(data: NestedArray, dtype: DType, size: number): TypedArray {
  const out = allocate(dtype, size);
  let k = 0;
  const shape = inferShape(data);
  const visit = (v: NestedArray, depth: number, path: number[]): void => {
    if (depth === shape.length) {
      if (typeof v !== 'number') throw new TypeError(`tensor: element at [${path.join(', ')}] is ${Array.isArray(v) ? 'an array' : typeof v}, expected a number`);
      out[k++] = v;
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new Error(`tensor: ragged nested array: at [${path.join(', ')}] expected ${shape[depth]} items, found ${Array.isArray(v) ? v.length : typeof v}`);
    }
    v.forEach((item, i) => visit(item, depth + 1, [...path, i]));
  };
  visit(data, 0, []);
  return out;
}
