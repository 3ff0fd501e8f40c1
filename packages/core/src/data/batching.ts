/** Splitting a dataset and iterating over it in (shuffled) mini-batches. */
import { Tensor } from '../tensor';
import { take } from '../ops/gather';
import { Generator, permutation } from '../random';
import { fmt } from '../shape';
import type { Dataset } from './datasets';

/** The rows of `x` at `indices` (along axis 0), as a new tensor: {@link take} along axis 0. */
export function takeRows(x: Tensor, indices: readonly number[]): Tensor {
  return rows(x, indices, 'takeRows');
}

/** takeRows, with errors naming `where` (the function the user called). */
function rows(x: Tensor, indices: readonly number[], where: string): Tensor {
  if (!(x instanceof Tensor) || x.ndim === 0) throw new TypeError(`${where}: expected a tensor with rows (at least 1 axis)`);
  const n = x.shape[0];
  const bad = Array.from(indices).find((i) => !Number.isInteger(i) || i < -n || i >= n);
  if (bad !== undefined) throw new RangeError(`${where}: row index ${bad} is out of range for ${n} rows (shape ${fmt(x.shape)})`);
  return take(x, indices, 0);
}

function checkDataset(ds: Dataset, where: string): number {
  if (!(ds?.x instanceof Tensor) || !(ds?.y instanceof Tensor)) throw new TypeError(`${where}: expected a dataset { x, y } of tensors`);
  if (ds.x.ndim === 0 || ds.y.ndim === 0 || ds.x.shape[0] !== ds.y.shape[0]) {
    throw new Error(`${where}: x and y must have the same number of rows, got shapes ${fmt(ds.x.shape)} and ${fmt(ds.y.shape)}`);
  }
  return ds.x.shape[0];
}

/** The examples of `ds` at `indices`. */
export function subset(ds: Dataset, indices: readonly number[]): Dataset {
  checkDataset(ds, 'subset');
  return { x: rows(ds.x, indices, 'subset'), y: rows(ds.y, indices, 'subset') };
}

/** Options for {@link trainTestSplit}. */
export interface SplitOptions {
  /** Fraction of examples held out for testing (default 0.25). */
  testFraction?: number;
  /** Seed of the shuffle (default 0). */
  seed?: number;
}

/** Shuffles and splits a dataset into `{ train, test }`. */
export function trainTestSplit(ds: Dataset, options: SplitOptions = {}): { train: Dataset; test: Dataset } {
  const n = checkDataset(ds, 'trainTestSplit');
  const f = options.testFraction ?? 0.25;
  if (!(f > 0 && f < 1)) throw new RangeError(`trainTestSplit: testFraction must be in (0, 1), got ${f}`);
  const nTest = Math.round(n * f);
  if (nTest === 0 || nTest === n) throw new RangeError(`trainTestSplit: testFraction ${f} of ${n} examples leaves an empty split`);
  const p = permutation(n, { seed: options.seed ?? 0 });
  return { train: subset(ds, p.slice(nTest)), test: subset(ds, p.slice(0, nTest)) };
}

/** Options for {@link batches}. */
export interface BatchOptions {
  /** Examples per batch (default 32). */
  batchSize?: number;
  /** Shuffle the order each pass (default true). */
  shuffle?: boolean;
  /** Seed for the shuffle (default 0); or pass `generator` to continue a stream across epochs. */
  seed?: number;
  generator?: Generator;
  /** Drop a last batch smaller than batchSize (default false). */
  dropLast?: boolean;
}

/** One pass over `ds` in mini-batches `{ x, y }`. */
export function* batches(ds: Dataset, options: BatchOptions = {}): IterableIterator<Dataset> {
  const n = checkDataset(ds, 'batches');
  const size = options.batchSize ?? 32;
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`batches: batchSize must be a positive integer, got ${size}`);
  const order = options.shuffle === false ? [...Array(n).keys()] : permutation(n, options.generator ? { generator: options.generator } : { seed: options.seed ?? 0 });
  for (let start = 0; start < n; start += size) {
    if (options.dropLast && start + size > n) return;
    yield subset(ds, order.slice(start, start + size));
  }
}
