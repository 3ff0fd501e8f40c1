/** Small helpers shared by op files. */
import { Tensor, fromStorage, type TensorLike } from '../tensor';
import { allocate, type DType } from '../dtype';
import { sizeOf } from '../shape';

/** What a value that should have been a tensor is, for error messages. */
function describeValue(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array (make it a tensor with tensor(...))';
  return typeof x;
}

/** Refuses anything but a Tensor, naming the op and, when it has several, the argument. */
export function requireTensor(x: unknown, op: string, arg?: string): asserts x is Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`${op}: expected a Tensor${arg === undefined ? '' : ` for ${arg}`}, got ${describeValue(x)}`);
}

/** Turns a number into a 0-d tensor of `dtype` (numbers take the dtype of the tensor they meet). */
export function asTensor(x: TensorLike, dtype: DType = 'float64', op = 'op'): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x === 'number') {
    const d = allocate(dtype, 1);
    d[0] = x;
    return fromStorage(d, []);
  }
  throw new TypeError(`${op}: expected a Tensor or a number, got ${describeValue(x)}`);
}

/** Converts a pair of operands, giving plain numbers the other operand's dtype. */
export function asPair(a: TensorLike, b: TensorLike, op: string): [Tensor, Tensor] {
  const da = a instanceof Tensor ? a.dtype : b instanceof Tensor ? b.dtype : 'float64';
  const db = b instanceof Tensor ? b.dtype : da;
  return [asTensor(a, da, op), asTensor(b, db, op)];
}

/**
 * Installs method forms: `x.name(...args)` calls `fns.name(x, ...args)`. Each op file declares the
 * methods' types beside its functions (`declare module '../tensor'`).
 */
export function defineMethods(fns: Record<string, (x: Tensor, ...args: any[]) => unknown>): void {
  for (const [name, f] of Object.entries(fns)) {
    Object.defineProperty(Tensor.prototype, name, {
      value: function (this: Tensor, ...args: unknown[]) {
        return f(this, ...args);
      },
      writable: true,
      configurable: true,
    });
  }
}

/** A fresh concrete tensor of the given shape and dtype. */
export function empty(shape: readonly number[], dtype: DType): Tensor {
  return fromStorage(allocate(dtype, sizeOf(shape)), shape);
}
