/**
 * Small synthetic datasets made in code from a seed (nothing is downloaded), for tutorials on
 * classification and regression. Features are `x` [n, d]; labels are `y` [n] holding integer
 * class indices (as float64 values), or targets [n, 1] for regression.
 */
import { Tensor, fromStorage } from '../tensor';
import { Generator, permutation } from '../random';

/** Features and labels (or targets), one row per example. */
export interface Dataset {
  /** Features, [n, features]. */
  readonly x: Tensor;
  /** Class indices [n], or regression targets [n, 1]. */
  readonly y: Tensor;
}

/** Options shared by the generators. */
export interface DatasetOptions {
  /** Number of examples (default 200). */
  n?: number;
  /** Standard deviation of the Gaussian noise added to the features (default depends on the set). */
  noise?: number;
  /** Seed (default 0). */
  seed?: number;
}

function checkCount(n: number, where: string, min = 1): number {
  if (!Number.isInteger(n) || n < min) throw new RangeError(`${where}: n must be an integer >= ${min}, got ${n}`);
  return n;
}

/** Builds a dataset from per-example feature rows and labels. */
function build(rows: number[][], labels: number[], targetColumn = false): Dataset {
  const d = rows[0]?.length ?? 0;
  const x = new Float64Array(rows.length * d);
  rows.forEach((r, i) => x.set(r, i * d));
  const y = Float64Array.from(labels);
  return { x: fromStorage(x, [rows.length, d]), y: fromStorage(y, targetColumn ? [labels.length, 1] : [labels.length]) };
}

/** Shuffles rows and labels together (so classes are interleaved). */
function shuffled(rows: number[][], labels: number[], g: Generator): [number[][], number[]] {
  const idx = permutation(rows.length, { generator: g });
  return [idx.map((i) => rows[i]), idx.map((i) => labels[i])];
}

/**
 * Two interleaving half circles (as scikit-learn's make_moons): class 0 is the upper moon, class
 * 1 the lower one, shifted right. Default noise 0.1.
 */
export function twoMoons(options: DatasetOptions = {}): Dataset {
  const n = checkCount(options.n ?? 200, 'twoMoons', 2);
  const noise = options.noise ?? 0.1;
  const g = new Generator(options.seed ?? 0);
  const rows: number[][] = [];
  const labels: number[] = [];
  const upper = Math.ceil(n / 2);
  for (let i = 0; i < n; i++) {
    const cls = i < upper ? 0 : 1;
    const count = cls === 0 ? upper : n - upper;
    const t = (Math.PI * (cls === 0 ? i : i - upper)) / Math.max(count - 1, 1);
    const [px, py] = cls === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
    rows.push([px + noise * g.normal(), py + noise * g.normal()]);
    labels.push(cls);
  }
  return build(...shuffled(rows, labels, g));
}

/** Options for {@link spirals}. */
export interface SpiralsOptions extends DatasetOptions {
  /** Number of arms, one per class (default 2). */
  classes?: number;
  /** Turns of each arm (default 1). */
  turns?: number;
}

/** Interleaved spiral arms, one class per arm, radius growing from 0 to 1. Default noise 0.05. */
export function spirals(options: SpiralsOptions = {}): Dataset {
  const n = checkCount(options.n ?? 200, 'spirals');
  const classes = checkCount(options.classes ?? 2, 'spirals (classes)');
  const turns = options.turns ?? 1;
  const noise = options.noise ?? 0.05;
  const g = new Generator(options.seed ?? 0);
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const cls = i % classes;
    const r = (Math.floor(i / classes) + 1) / Math.ceil(n / classes);
    const angle = 2 * Math.PI * (turns * r + cls / classes);
    rows.push([r * Math.cos(angle) + noise * g.normal(), r * Math.sin(angle) + noise * g.normal()]);
    labels.push(cls);
  }
  return build(...shuffled(rows, labels, g));
}

/** Options for {@link blobs}. */
export interface BlobsOptions extends DatasetOptions {
  /** Number of clusters, one per class (default 3). */
  centers?: number;
  /** Feature dimension (default 2). */
  features?: number;
  /** Half-width of the box the centres are drawn from (default 5). */
  spread?: number;
}

/** Gaussian clusters around random centres, one class per cluster. `noise` is the cluster std (default 1). */
export function blobs(options: BlobsOptions = {}): Dataset {
  const n = checkCount(options.n ?? 200, 'blobs');
  const k = checkCount(options.centers ?? 3, 'blobs (centers)');
  const d = checkCount(options.features ?? 2, 'blobs (features)');
  const spread = options.spread ?? 5;
  const std = options.noise ?? 1;
  const g = new Generator(options.seed ?? 0);
  const centres = Array.from({ length: k }, () => Array.from({ length: d }, () => spread * (2 * g.next() - 1)));
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const cls = i % k;
    rows.push(centres[cls].map((c) => c + std * g.normal()));
    labels.push(cls);
  }
  return build(...shuffled(rows, labels, g));
}

/** Options for {@link regression1d}. */
export interface Regression1dOptions extends DatasetOptions {
  /** The underlying function (default x ↦ sin(3x) + x/2). */
  fn?: (x: number) => number;
  /** Input range (default [-2, 2]). */
  range?: readonly [number, number];
}

/** Noisy samples of a 1-d function at uniform random inputs: x [n, 1], y [n, 1]. Default noise 0.1. */
export function regression1d(options: Regression1dOptions = {}): Dataset {
  const n = checkCount(options.n ?? 100, 'regression1d');
  const [lo, hi] = options.range ?? [-2, 2];
  if (!(hi > lo)) throw new RangeError(`regression1d: range must be [low, high] with low < high, got [${lo}, ${hi}]`);
  const fn = options.fn ?? ((x: number) => Math.sin(3 * x) + x / 2);
  const noise = options.noise ?? 0.1;
  const g = new Generator(options.seed ?? 0);
  const rows: number[][] = [];
  const targets: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = lo + (hi - lo) * g.next();
    rows.push([x]);
    targets.push(fn(x) + noise * g.normal());
  }
  return build(rows, targets, true);
}
