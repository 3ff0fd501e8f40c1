/**
 * Seeded random tensors. A generator is a small deterministic PRNG (xoshiro128**, seeded through
 * splitmix32), so tutorials give the same numbers on every machine. Pass `seed` for a one-off
 * draw, a `Generator` to draw a reproducible stream, or nothing to use the global generator
 * (seeded with 0 at start; reseed it with `manualSeed`).
 */
import { Tensor, fromStorage, type TensorOptions } from './tensor';
import { allocate, checkDType } from './dtype';
import { checkShape, sizeOf } from './shape';

/** A seeded pseudo-random number generator. */
export class Generator {
  private s = new Uint32Array(4);

  constructor(seed = 0) {
    this.seed(seed, 'Generator');
  }

  /** Resets the stream to the one for `seed` (any integer). */
  seed(seed: number, where = 'Generator.seed'): this {
    if (!Number.isFinite(seed)) throw new Error(`${where}: seed must be a finite number, got ${seed}`);
    let z = (Math.floor(seed) >>> 0) ^ 0x9e3779b9;
    for (let i = 0; i < 4; i++) {
      z = (z + 0x9e3779b9) >>> 0;
      let t = z;
      t = Math.imul(t ^ (t >>> 16), 0x85ebca6b) >>> 0;
      t = Math.imul(t ^ (t >>> 13), 0xc2b2ae35) >>> 0;
      this.s[i] = (t ^ (t >>> 16)) >>> 0;
    }
    return this;
  }

  /** A uniform float in [0, 1) with 32 random bits. */
  next(): number {
    const s = this.s;
    const r = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return r / 4294967296;
  }

  /** A standard normal sample (Box–Muller). */
  normal(): number {
    let u = this.next();
    while (u === 0) u = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

const globalGenerator = new Generator(0);

/** Reseeds the global generator (like torch.manual_seed). */
export function manualSeed(seed: number): void {
  globalGenerator.seed(seed, 'manualSeed');
}

/** Options for random tensors. */
export interface RandomOptions extends TensorOptions {
  /** Draw from a fresh generator with this seed. */
  seed?: number;
  /** Draw from this generator (advancing it). */
  generator?: Generator;
}

function pick(options: RandomOptions): Generator {
  if (options.generator) return options.generator;
  if (options.seed !== undefined) return new Generator(options.seed);
  return globalGenerator;
}

function draw(shape: readonly number[], options: RandomOptions, where: string, f: (g: Generator) => number): Tensor {
  const s = checkShape(shape, where);
  const data = allocate(checkDType(options.dtype ?? 'float64', where), sizeOf(s));
  const g = pick(options);
  for (let i = 0; i < data.length; i++) data[i] = f(g);
  return fromStorage(data, s);
}

/** Uniform samples in [0, 1). */
export function rand(shape: readonly number[], options: RandomOptions = {}): Tensor {
  return draw(shape, options, 'rand', (g) => g.next());
}

/** Standard normal samples. */
export function randn(shape: readonly number[], options: RandomOptions = {}): Tensor {
  return draw(shape, options, 'randn', (g) => g.normal());
}

/** Uniform samples in [low, high). */
export function uniform(shape: readonly number[], low = 0, high = 1, options: RandomOptions = {}): Tensor {
  if (!Number.isFinite(low) || !Number.isFinite(high)) throw new RangeError(`uniform: low and high must be finite numbers, got ${low} and ${high}`);
  return draw(shape, options, 'uniform', (g) => low + (high - low) * g.next());
}

/** A random permutation of 0..n-1 (as a number array, for shuffling indices). */
export function permutation(n: number, options: Omit<RandomOptions, 'dtype'> = {}): number[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`permutation: n must be a non-negative integer, got ${n}`);
  const g = pick(options);
  const p = [...Array(n).keys()];
  for (let i = n - 1; i > 0; i--) {
    const j = g.int(i + 1);
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}
