/** Element types a tensor can hold. `float64` is the default: derivatives are checked in it. */
export type DType = 'float64' | 'float32';

/** The typed array behind a tensor of the given dtype. */
export type TypedArray = Float64Array | Float32Array;

/** Every supported dtype. */
export const DTYPES: readonly DType[] = ['float64', 'float32'];

/** Returns `dtype` if it is supported, else throws an error naming `where`. */
export function checkDType(dtype: unknown, where: string): DType {
  if (dtype === 'float64' || dtype === 'float32') return dtype;
  throw new TypeError(`${where}: unknown dtype ${JSON.stringify(dtype)}; expected 'float64' or 'float32'`);
}

/** A zeroed typed array for `size` elements of `dtype`. */
export function allocate(dtype: DType, size: number): TypedArray {
  return dtype === 'float32' ? new Float32Array(size) : new Float64Array(size);
}

/** The dtype a typed array holds. */
export function dtypeOfArray(a: TypedArray): DType {
  return a instanceof Float32Array ? 'float32' : 'float64';
}

/** Mixed float32/float64 arithmetic promotes to float64, as in NumPy and PyTorch. */
export function promote(a: DType, b: DType): DType {
  return a === 'float64' || b === 'float64' ? 'float64' : 'float32';
}

/** Bytes per element of `dtype`. */
export function bytesPerElement(dtype: DType): number {
  return dtype === 'float32' ? 4 : 8;
}
