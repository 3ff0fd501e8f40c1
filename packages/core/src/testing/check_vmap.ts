/**
 * checkVmap: verifies that `vmap(f)` equals the loop it stands for — f applied to each batch
 * element in turn, the results stacked — which exercises the batch rule of every primitive f uses.
 */
import type { Tensor } from '../tensor';
import { fmt } from '../shape';
import { slice } from '../ops/slice';
import { stack } from '../ops/concat';
import { treeFlatten } from '../transforms/tree';
import { vmap } from '../transforms/vmap';

/** Options for {@link checkVmap}. */
export interface CheckVmapOptions {
  /** The mapped axis of each argument (number, or null for a shared argument); default 0 for all. */
  inAxes?: number | null | readonly (number | null)[];
  /** Where the batch axis goes in every output (default 0). */
  outAxes?: number;
  /** Relative tolerance (default 1e-10; batched kernels may sum in another order). */
  rtol?: number;
  /** Absolute tolerance (default 1e-12). */
  atol?: number;
}

/**
 * Checks `vmap(f, { inAxes, outAxes })(...args)` against a loop over the batch, throwing an Error
 * naming the output and element that differ. f takes tensors and may return a tree of tensors.
 */
export function checkVmap(f: (...args: Tensor[]) => unknown, args: readonly Tensor[], options: CheckVmapOptions = {}): void {
  const { inAxes = 0, outAxes = 0, rtol = 1e-10, atol = 1e-12 } = options;
  const axes = Array.isArray(inAxes) ? inAxes : args.map(() => inAxes as number | null);
  const norm = axes.map((a, i) => (a === null ? null : a < 0 ? a + args[i].ndim : a));
  const mapped = norm.findIndex((a) => a !== null);
  if (mapped < 0) throw new Error('checkVmap: at least one argument must be mapped');
  const n = args[mapped].shape[norm[mapped] as number];
  const batched = treeFlatten(vmap(f, { inAxes: axes as (number | null)[], outAxes })(...args), 'checkVmap (vmap output)')[0];
  const pick = (a: Tensor, d: number | null, b: number) => (d === null ? a : slice(a, [...Array(d).fill(null), b]));
  const rows = Array.from({ length: n }, (_, b) => treeFlatten(f(...args.map((a, i) => pick(a, norm[i], b))), 'checkVmap (output of f)')[0]);
  batched.forEach((got, k) => {
    const want = stack(rows.map((r) => r[k]), outAxes);
    if (got.shape.join() !== want.shape.join()) throw new Error(`checkVmap: output ${k} has shape ${fmt(got.shape)} under vmap but ${fmt(want.shape)} from the loop`);
    const x = got.data, y = want.data;
    for (let i = 0; i < x.length; i++) {
      const ok = Math.abs(x[i] - y[i]) <= atol + rtol * Math.max(Math.abs(x[i]), Math.abs(y[i])) || (Number.isNaN(x[i]) && Number.isNaN(y[i]));
      if (!ok) throw new Error(`checkVmap: output ${k} element ${i} is ${x[i]} under vmap but ${y[i]} from the loop`);
    }
  });
}
