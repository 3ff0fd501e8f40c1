/**
 * Pytrees: transforms accept tensors or arrays and plain objects of tensors (nested), and give
 * back derivatives of the same structure.
 */
import { Tensor } from '../tensor';
import { asTensor } from '../ops/util';

/** A tensor, or arrays / plain objects of them, nested. */
export type Tree = Tensor | readonly Tree[] | { readonly [key: string]: Tree };

/** Flattens a tree into its tensor leaves and a function that rebuilds the same structure. */
export function treeFlatten(tree: unknown, where = 'treeFlatten'): [Tensor[], (leaves: readonly Tensor[]) => any] {
  const leaves: Tensor[] = [];
  const build = visit(tree, leaves, where, '');
  return [leaves, (ls) => build(ls, { i: 0 })];
}

type Builder = (leaves: readonly Tensor[], cursor: { i: number }) => unknown;

function visit(node: unknown, leaves: Tensor[], where: string, path: string): Builder {
  if (node instanceof Tensor) {
    leaves.push(node);
    return (ls, c) => ls[c.i++];
  }
  if (typeof node === 'number') {
    leaves.push(asTensor(node));
    return (ls, c) => ls[c.i++];
  }
  if (Array.isArray(node)) {
    const parts = node.map((n, i) => visit(n, leaves, where, `${path}[${i}]`));
    return (ls, c) => parts.map((b) => b(ls, c));
  }
  if (node !== null && typeof node === 'object' && Object.getPrototypeOf(node) === Object.prototype) {
    const keys = Object.keys(node);
    const parts = keys.map((k) => visit((node as Record<string, unknown>)[k], leaves, where, `${path}.${k}`));
    return (ls, c) => Object.fromEntries(keys.map((k, j) => [k, parts[j](ls, c)]));
  }
  const what = node === null ? 'null' : typeof node === 'object' ? `a ${(node as object).constructor?.name ?? 'object'}` : `a ${typeof node}`;
  throw new TypeError(`${where}: found ${what} at ${path || 'the top'}; expected tensors, or arrays / plain objects of tensors`);
}

/**
 * The leaves of `tree` in the order of `reference`'s leaves: objects are matched by key (so key
 * order does not matter), arrays by position. Where the two structures differ it throws, naming
 * the path, instead of pairing leaves up by position and giving a wrong answer.
 */
export function treeLeavesLike(reference: unknown, tree: unknown, where: string): Tensor[] {
  const leaves: Tensor[] = [];
  matchLike(reference, tree, leaves, where, '');
  return leaves;
}

const items = (n: number) => `an array of ${n} item${n === 1 ? '' : 's'}`;

function kindOf(node: unknown): string {
  if (node instanceof Tensor) return 'a Tensor';
  if (Array.isArray(node)) return items(node.length);
  if (node === null) return 'null';
  return typeof node === 'object' ? `an object with keys ${Object.keys(node as object).map((k) => `'${k}'`).join(', ') || '(none)'}` : `a ${typeof node}`;
}

function matchLike(ref: unknown, node: unknown, leaves: Tensor[], where: string, path: string): void {
  const mismatch = (expected: string) =>
    new Error(`${where}: at ${path || 'the top'} expected ${expected}, found ${kindOf(node)}`);
  if (ref instanceof Tensor || typeof ref === 'number') {
    if (!(node instanceof Tensor) && typeof node !== 'number') throw mismatch('a Tensor');
    visit(node, leaves, where, path);
  } else if (Array.isArray(ref)) {
    if (!Array.isArray(node) || node.length !== ref.length) throw mismatch(items(ref.length));
    ref.forEach((r, i) => matchLike(r, node[i], leaves, where, `${path}[${i}]`));
  } else {
    const keys = Object.keys(ref as object);
    if (node === null || typeof node !== 'object' || Array.isArray(node) || node instanceof Tensor) throw mismatch(`an object with keys ${keys.map((k) => `'${k}'`).join(', ')}`);
    const missing = keys.find((k) => !(k in node));
    if (missing !== undefined) throw new Error(`${where}: key '${missing}' is missing at ${path || 'the top'} (found ${kindOf(node)})`);
    const extra = Object.keys(node).find((k) => !keys.includes(k));
    if (extra !== undefined) throw new Error(`${where}: unexpected key '${extra}' at ${path || 'the top'} (expected keys ${keys.map((k) => `'${k}'`).join(', ')})`);
    keys.forEach((k) => matchLike((ref as Record<string, unknown>)[k], (node as Record<string, unknown>)[k], leaves, where, `${path}.${k}`));
  }
}

/** Applies `f` to every leaf, keeping the structure. */
export function treeMap<T>(f: (x: Tensor, i: number) => Tensor, tree: T): T {
  const [leaves, rebuild] = treeFlatten(tree, 'treeMap');
  return rebuild(leaves.map(f));
}
