/**
 * The machinery of the random-program generator (programs_generate.ts): a Builder that appends
 * steps while evaluating them, rolls back proposals that do not fit, and the shape and value
 * helpers proposals use to stay away from kinks, ties and bad domains.
 */
import { Generator } from '../random';
import { sizeOf as size, unravel } from '../shape';
import { tensor, type Tensor } from '../tensor';
import { applyStep, type OpName, type ProgramInput, type ProgramStep } from './programs';

/** Distance kept from kinks and ties (relu at 0, max ties, clip bounds, comparisons). */
export const MARGIN = 0.02;
/**
 * Largest magnitude a value may reach, so derivatives of any order stay moderate (large programs,
 * see {@link boundFor}, allow more: a sum over a thousand elements is rightly larger).
 */
export const BOUND = 50;
/** The bound on values for a program whose values have at most `maxSize` elements. */
export const boundFor = (maxSize: number) => (maxSize >= 512 ? 10 * BOUND : BOUND);

/** Thrown by a proposal that does not fit the current values; the builder then tries another. */
export class Reject extends Error {}
export const demand = (ok: boolean): void => {
  if (!ok) throw new Reject();
};

export type Shape = number[];
export type Proposal = (b: Builder) => void;

/** The program under construction, with the value of every name. */
export class Builder {
  readonly inputs: ProgramInput[] = [];
  readonly steps: ProgramStep[] = [];
  readonly values = new Map<string, Tensor>();
  /** Names of comparison results: usable only as conditions of where. */
  readonly conditions = new Set<string>();
  private counter = 0;

  constructor(readonly gen: Generator, readonly maxSize: number) {}

  int(n: number): number {
    return this.gen.int(n);
  }
  chance(p: number): boolean {
    return this.gen.next() < p;
  }
  choose<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.gen.next();
  }

  /** A new program input of this shape, with standard normal values. */
  input(shape: Shape): string {
    demand(size(shape) <= this.maxSize);
    const name = `x${this.inputs.length}`;
    const data = Array.from({ length: size(shape) }, () => this.gen.normal());
    this.inputs.push({ name, shape, data });
    this.values.set(name, tensor(Float64Array.from(data), { shape }));
    return name;
  }

  /** Appends `op(args)` with its parameters, evaluating it and rejecting unfit values. */
  step(op: OpName, args: string[], params: Omit<ProgramStep, 'name' | 'op' | 'args'> = {}): string {
    const name = `t${this.counter++}`;
    const step: ProgramStep = { name, op, args, ...params };
    const value = applyStep(step, this.values);
    demand(value.size >= 1 && value.size <= this.maxSize && value.ndim <= 4);
    if (op !== 'gt' && op !== 'lt') demand(numbers(value).every((v) => Number.isFinite(v) && Math.abs(v) <= boundFor(this.maxSize)));
    this.steps.push(step);
    this.values.set(name, value);
    if (op === 'gt' || op === 'lt') this.conditions.add(name);
    return name;
  }

  value(name: string): Tensor {
    return this.values.get(name)!;
  }
  shape(name: string): Shape {
    return [...this.value(name).shape];
  }

  /** A float value, usually one of the latest (so programs chain), satisfying `ok`. */
  pick(ok: (t: Tensor) => boolean = () => true): string {
    const names = [...this.values.keys()].filter((n) => !this.conditions.has(n) && ok(this.value(n)));
    demand(names.length > 0);
    return this.chance(0.6) ? names[Math.max(0, names.length - 1 - this.int(2))] : this.choose(names);
  }

  /** A second operand broadcasting against `shape`: an existing value or a new input. */
  partner(shape: Shape): string {
    const fits = (t: Tensor) => {
      const out = broadcast(shape, [...t.shape]);
      return out !== null && size(out) <= this.maxSize;
    };
    if (this.chance(0.4)) {
      const names = [...this.values.keys()].filter((n) => !this.conditions.has(n) && fits(this.value(n)));
      if (names.length > 0) return this.choose(names);
    }
    return this.input(this.broadcastPartnerShape(shape));
  }

  /** A random shape that broadcasts with `shape`: fewer leading axes, 1s, or expanded 1s. */
  broadcastPartnerShape(shape: Shape): Shape {
    const drop = this.chance(0.3) ? this.int(shape.length + 1) : 0;
    const s = shape.slice(drop).map((d) => (d === 1 ? this.choose([1, 2, 3]) : this.chance(0.3) ? 1 : d));
    return drop === 0 && this.chance(0.15) ? [2, ...s] : s;
  }

  /** `name` itself if all its values are at least `floor`, else a positive function of it. */
  positive(name: string, floor = 0.1): string {
    if (minOf(this.value(name)) >= floor && this.chance(0.5)) return name;
    if (this.chance(0.5)) return this.step('add', [this.step('square', [name])], { scalar: this.uniform(0.2, 1) });
    return this.step('add', [this.step('sigmoid', [name])], { scalar: this.uniform(0.1, 0.5) });
  }

  /** A random nonempty subset of axes (null = all), as negative or non-negative integers. */
  axes(ndim: number): number[] | null {
    if (this.chance(0.25)) return null;
    const axes = Array.from({ length: ndim }, (_, i) => i).filter(() => this.chance(0.5));
    if (axes.length === 0) axes.push(this.int(ndim));
    return axes.map((a) => (this.chance(0.3) ? a - ndim : a));
  }

  /** Appends one random op; false (with nothing changed) if it did not fit. */
  tryPropose(proposal: Proposal): boolean {
    const mark = { inputs: this.inputs.length, steps: this.steps.length, counter: this.counter };
    try {
      proposal(this);
      return true;
    } catch (e) {
      if (!(e instanceof Reject)) throw e;
      for (const removed of this.inputs.splice(mark.inputs)) this.values.delete(removed.name);
      for (const removed of this.steps.splice(mark.steps)) {
        this.values.delete(removed.name);
        this.conditions.delete(removed.name);
      }
      this.counter = mark.counter;
      return false;
    }
  }
}

export { size, unravel };
export const numbers = (t: Tensor): number[] => Array.from(t.data as ArrayLike<number>);
export const minOf = (t: Tensor) => Math.min(...numbers(t));
export const minAbs = (t: Tensor) => Math.min(...numbers(t).map(Math.abs));
export const normAxis = (axis: number, ndim: number) => (axis < 0 ? axis + ndim : axis);

/** NumPy's broadcast of two shapes, or null if they do not broadcast. */
export function broadcast(a: readonly number[], b: readonly number[]): Shape | null {
  const n = Math.max(a.length, b.length);
  const out: Shape = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1, y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return null;
    out.push(Math.max(x, y));
  }
  return out;
}


/** Groups the flat positions of a tensor by their index outside `axes` (the reduced groups). */
export function groups(t: Tensor, axes: readonly number[] | null): number[][] {
  const reduced = new Set((axes ?? t.shape.map((_, i) => i)).map((a) => normAxis(a, t.ndim)));
  const byKey = new Map<string, number[]>();
  for (let k = 0; k < t.size; k++) {
    const key = unravel(k, t.shape).filter((_, i) => !reduced.has(i)).join();
    byKey.set(key, [...(byKey.get(key) ?? []), k]);
  }
  return [...byKey.values()];
}

/** The smallest |a - b| over the broadcast of two tensors. */
export function minGap(a: Tensor, b: Tensor | number): number {
  const bt = typeof b === 'number' ? null : b;
  const shape = bt ? broadcast(a.shape, bt.shape)! : [...a.shape];
  const at = (t: Tensor, idx: number[]) => {
    const own = idx.slice(idx.length - t.ndim).map((i, d) => (t.shape[d] === 1 ? 0 : i));
    return t.data[own.reduce((flat, i, d) => flat * t.shape[d] + i, 0)];
  };
  let gap = Infinity;
  for (let k = 0; k < size(shape); k++) {
    const idx = unravel(k, shape);
    gap = Math.min(gap, Math.abs(at(a, idx) - (bt ? at(bt, idx) : (b as number))));
  }
  return gap;
}
