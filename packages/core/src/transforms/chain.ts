/**
 * The Jacobian chain planner. The Jacobian of f_k ∘ … ∘ f_1 is the product J_k ⋯ J_1 of the links'
 * Jacobians, and the order of the multiplications decides the cost: forward mode multiplies from
 * the input side, reverse mode from the output side, and matrix-chain dynamic programming finds
 * the cheapest order of all (with elementwise links, whose Jacobians are diagonal, costing O(n)).
 */
import type { Tensor } from '../tensor';
import { fmt } from '../shape';
import { bytesPerElement } from '../dtype';
import { eye, onesLike } from '../creation';
import { Generator, randn } from '../random';
import { matmul } from '../ops/matmul';
import { mul } from '../ops/binary';
import { reshape } from '../ops/reshape';
import { jvp } from './autodiff';
import { jacobian } from './jacobian';

/** One link of the chain: its shapes and whether its Jacobian is diagonal (an elementwise map). */
export interface ChainLink {
  readonly index: number;
  readonly name: string;
  readonly inShape: readonly number[];
  readonly outShape: readonly number[];
  /** Its Jacobian is rows × cols = outSize × inSize. */
  readonly rows: number;
  readonly cols: number;
  readonly diagonal: boolean;
}

/**
 * A multiplication order as a tree. A leaf is one link's Jacobian; a product multiplies the
 * Jacobian of the later links (`left`) by that of the earlier ones (`right`).
 */
export type ChainTree =
  | { readonly kind: 'link'; readonly link: number; readonly name: string; readonly rows: number; readonly cols: number; readonly diagonal: boolean }
  | {
      readonly kind: 'product';
      readonly left: ChainTree;
      readonly right: ChainTree;
      /** The links it covers, first and last (in order of application). */
      readonly first: number;
      readonly last: number;
      readonly rows: number;
      readonly cols: number;
      readonly diagonal: boolean;
      /** Multiply-adds of this one product. */
      readonly multiplyAdds: number;
    };

/** The cost of one multiplication order. */
export interface OrderCost {
  /** Multiply-adds of all the products (the links' own Jacobians are not counted). */
  readonly multiplyAdds: number;
  /** The most Jacobian entries held at once (links and partial products, diagonal ones as vectors). */
  readonly peakElements: number;
  readonly peakBytes: number;
  /** The order written out, e.g. "(f3 · (f2 · f1))". */
  readonly parenthesization: string;
  readonly tree: ChainTree;
}

/** Everything the planner found, as plain serializable data. */
export interface ChainExplanation {
  readonly links: readonly ChainLink[];
  readonly inShape: readonly number[];
  readonly outShape: readonly number[];
  readonly dtype: Tensor['dtype'];
  /** Forward-mode order: J_k · (… · (J_2 · J_1)). */
  readonly forward: OrderCost;
  /** Reverse-mode order: ((J_k · J_{k-1}) · …) · J_1. */
  readonly reverse: OrderCost;
  /** The cheapest order (fewest multiply-adds; ties go to the lower peak memory). */
  readonly optimal: OrderCost;
}

/** Options for {@link planChain}. */
export interface PlanChainOptions {
  /** Names of the links for explanations (default: the functions' names, else f1, f2, …). */
  names?: readonly string[];
}

/** The result of {@link planChain}. */
export class ChainPlan {
  /** @internal */
  constructor(
    private readonly fns: readonly ((x: Tensor) => Tensor)[],
    /** The input and every link's output: values[i] is the input of link i. */
    private readonly values: readonly Tensor[],
    readonly links: readonly ChainLink[],
    private readonly plans: Pick<ChainExplanation, 'forward' | 'reverse' | 'optimal'>,
  ) {}

  /** The chain's output f_k(…f_1(x)). */
  get output(): Tensor {
    return this.values[this.values.length - 1];
  }

  /** The links, and the costs and trees of the forward, reverse and optimal orders. */
  explain(): ChainExplanation {
    const x = this.values[0];
    return { links: this.links, inShape: x.shape, outShape: this.output.shape, dtype: x.dtype, ...this.plans };
  }

  /**
   * The full Jacobian of the chain, shape [...out.shape, ...in.shape], multiplied in the optimal
   * order (or the one named). Diagonal links are kept as vectors until the end.
   */
  jacobian(order: 'optimal' | 'forward' | 'reverse' = 'optimal'): Tensor {
    if (!['optimal', 'forward', 'reverse'].includes(order)) throw new Error(`ChainPlan.jacobian: order must be 'optimal', 'forward' or 'reverse', got ${JSON.stringify(order)}`);
    const factors = this.links.map((l) => linkJacobian(this.fns[l.index], this.values[l.index], l));
    const [m, diagonal] = evaluate(this.plans[order].tree, factors);
    const full = diagonal ? mul(eye(m.shape[0], m.shape[0], { dtype: m.dtype }), m) : m;
    return reshape(full, [...this.output.shape, ...this.values[0].shape]);
  }
}

/**
 * Plans the Jacobian of the chain `fns[k-1] ∘ … ∘ fns[0]` at `x`: runs the chain once to find each
 * link's Jacobian shape and whether it is diagonal (two jvps per same-shape link), then finds the
 * cheapest multiplication order by dynamic programming.
 *
 * @example
 * ```ts
 * const plan = planChain([(x: Tensor) => matmul(W1, x), tanh, (h: Tensor) => matmul(W2, h)], x);
 * plan.explain().optimal.parenthesization; // e.g. "(f3 · f2) · f1" — reverse mode wins for few outputs
 * const J = plan.jacobian(); // equals jacrev of the composition
 * ```
 */
export function planChain(fns: readonly ((x: Tensor) => Tensor)[], x: Tensor, options: PlanChainOptions = {}): ChainPlan {
  if (!Array.isArray(fns) || fns.length === 0 || fns.some((f) => typeof f !== 'function')) {
    throw new TypeError('planChain: the first argument must be a non-empty array of functions [f1, f2, …] (applied in that order)');
  }
  const values: Tensor[] = [x];
  const links = fns.map((f, i): ChainLink => {
    const input = values[i];
    const name = options.names?.[i] ?? (f.name || `f${i + 1}`);
    const out = f(input);
    if (out === null || typeof out !== 'object' || !('shape' in out)) throw new TypeError(`planChain: link ${i} (${name}) must return a Tensor`);
    values.push(out);
    return { index: i, name, inShape: input.shape, outShape: out.shape, rows: out.size, cols: input.size, diagonal: isDiagonalLink(f, input, out) };
  });
  const bytes = bytesPerElement(x.dtype);
  const forward = costOf(leftFold(links, 'forward'), bytes);
  const reverse = costOf(leftFold(links, 'reverse'), bytes);
  const optimal = costOf(optimalTree(links), bytes);
  return new ChainPlan(fns, values, links, { forward, reverse, optimal });
}

/** J is diagonal iff same shapes and J·v = (J·1) ⊙ v for a random v (with probability 1). */
function isDiagonalLink(f: (x: Tensor) => Tensor, x: Tensor, y: Tensor): boolean {
  if (y.shape.join() !== x.shape.join()) return false;
  const d = jvp(f, [x], [onesLike(x)])[1].data;
  const v = randn(x.shape, { generator: new Generator(x.size + 7), dtype: x.dtype });
  const jv = jvp(f, [x], [v])[1].data;
  const tol = x.dtype === 'float32' ? 1e-5 : 1e-10;
  return Array.from(jv).every((val, i) => Math.abs(val - d[i] * v.data[i]) <= tol * (1 + Math.abs(d[i] * v.data[i])));
}

const leaf = (l: ChainLink): ChainTree => ({ kind: 'link', link: l.index, name: l.name, rows: l.rows, cols: l.cols, diagonal: l.diagonal });

/** Multiply-adds of (rows × inner) · (inner × cols), with diagonal factors scaling rows or columns. */
function productCost(a: ChainTree, b: ChainTree): number {
  if (a.diagonal && b.diagonal) return a.rows;
  if (a.diagonal) return b.rows * b.cols;
  if (b.diagonal) return a.rows * a.cols;
  return a.rows * a.cols * b.cols;
}

function product(left: ChainTree, right: ChainTree): ChainTree {
  const first = right.kind === 'link' ? right.link : right.first;
  const last = left.kind === 'link' ? left.link : left.last;
  return { kind: 'product', left, right, first, last, rows: left.rows, cols: right.cols, diagonal: left.diagonal && right.diagonal, multiplyAdds: productCost(left, right) };
}

/** Forward order accumulates from the input side, reverse order from the output side. */
function leftFold(links: readonly ChainLink[], order: 'forward' | 'reverse'): ChainTree {
  if (order === 'forward') return links.slice(1).reduce<ChainTree>((acc, l) => product(leaf(l), acc), leaf(links[0]));
  const rev = links.slice().reverse();
  return rev.slice(1).reduce<ChainTree>((acc, l) => product(acc, leaf(l)), leaf(rev[0]));
}

const totalCost = (t: ChainTree): number => (t.kind === 'link' ? 0 : t.multiplyAdds + totalCost(t.left) + totalCost(t.right));
const storage = (t: ChainTree): number => (t.diagonal ? t.rows : t.rows * t.cols);

/** Peak entries held while evaluating `t`, evaluating the hungrier operand of each product first. */
function peak(t: ChainTree): number {
  if (t.kind === 'link') return storage(t);
  const [pl, pr, sl, sr] = [peak(t.left), peak(t.right), storage(t.left), storage(t.right)];
  const both = sl + sr + storage(t);
  return Math.min(Math.max(pl, sl + pr, both), Math.max(pr, sr + pl, both));
}

/** Matrix-chain ordering by dynamic programming over sub-chains [i..j] (O(k³)). */
function optimalTree(links: readonly ChainLink[]): ChainTree {
  const k = links.length;
  const best: ChainTree[][] = links.map((l) => {
    const row: ChainTree[] = [];
    row[l.index] = leaf(l);
    return row;
  });
  for (let len = 2; len <= k; len++) {
    for (let i = 0; i + len - 1 < k; i++) {
      const j = i + len - 1;
      let choice: ChainTree | null = null;
      let choiceCost = Infinity, choicePeak = Infinity;
      for (let s = i; s < j; s++) {
        const t = product(best[s + 1][j], best[i][s]);
        const c = totalCost(t);
        if (c < choiceCost || (c === choiceCost && peak(t) < choicePeak)) [choice, choiceCost, choicePeak] = [t, c, peak(t)];
      }
      best[i][j] = choice as ChainTree;
    }
  }
  return best[0][k - 1];
}

function costOf(tree: ChainTree, bytes: number): OrderCost {
  const peakElements = peak(tree);
  return { multiplyAdds: totalCost(tree), peakElements, peakBytes: peakElements * bytes, parenthesization: written(tree, true), tree };
}

function written(t: ChainTree, top = false): string {
  if (t.kind === 'link') return t.name;
  const s = `${written(t.left)} · ${written(t.right)}`;
  return top ? s : `(${s})`;
}

/** A link's Jacobian as a matrix [rows, cols], or as the vector of its diagonal. */
function linkJacobian(f: (x: Tensor) => Tensor, x: Tensor, l: ChainLink): Tensor {
  if (l.diagonal) return reshape(jvp(f, [x], [onesLike(x)])[1], [l.rows]);
  const J: Tensor = jacobian(f)(x);
  return reshape(J, [l.rows, l.cols]);
}

/** Multiplies out a tree; returns the product and whether it is held as a diagonal vector. */
function evaluate(t: ChainTree, factors: readonly Tensor[]): [Tensor, boolean] {
  if (t.kind === 'link') return [factors[t.link], t.diagonal];
  const [a, da] = evaluate(t.left, factors);
  const [b, db] = evaluate(t.right, factors);
  if (da && db) return [mul(a, b), true];
  if (da) return [mul(reshape(a, [a.shape[0], 1]), b), false];
  if (db) return [mul(a, b), false];
  if (a.shape[1] !== b.shape[0]) throw new Error(`planChain: internal shape mismatch ${fmt(a.shape)} · ${fmt(b.shape)}`);
  return [matmul(a, b), false];
}
