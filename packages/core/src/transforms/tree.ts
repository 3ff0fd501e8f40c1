/**
 * Pytrees: transforms accept tensors or arrays and plain objects of tensors (nested), and give
 * back derivatives of the same structure.
 */
import { Tensor } from '../tensor';
import { asTensor } from '../ops/util';

/** A tensor, or arrays / plain objects of them, nested. */
export type Tree = Tensor | readonly Tree[] | { readonly [key: string]: Tree };

/** Flattens a tree into its tensor leaves and a function that rebuilds the same structure. */
export function treeFlatten(tree: unknown, where = 'tree'): [Tensor[], (leaves: readonly Tensor[]) => any] {
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

/** Applies `f` to every leaf, keeping the structure. */
export function treeMap<T>(f: (x: Tensor, i: number) => Tensor, tree: T): T {
  const [leaves, rebuild] = treeFlatten(tree);
  return rebuild(leaves.map(f));
}
