/** Naming and counting the tensors in a parameter structure. */
import type { Tensor } from '../tensor';
import { treeFlatten } from '../transforms/tree';

/**
 * The dotted path of every tensor in a pytree, in the order `treeFlatten` lists them:
 * `{ layers: [{ weight }] }` gives `layers.0.weight`. A bare tensor has the path `''`.
 */
export function treePaths(tree: unknown): string[] {
  const paths: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) node.forEach((n, i) => walk(n, join(path, String(i))));
    else if (node !== null && typeof node === 'object' && Object.getPrototypeOf(node) === Object.prototype) {
      for (const [k, v] of Object.entries(node)) walk(v, join(path, k));
    } else paths.push(path);
  };
  treeFlatten(tree, 'treePaths'); // validates the structure with a clear error
  walk(tree, '');
  return paths;
}

const join = (a: string, b: string) => (a === '' ? b : `${a}.${b}`);

/** `[name, tensor]` for every parameter, named by its path (like PyTorch's `named_parameters`). */
export function namedParameters(params: unknown): [string, Tensor][] {
  const [leaves] = treeFlatten(params, 'namedParameters');
  const names = treePaths(params);
  return leaves.map((t, i) => [names[i], t]);
}

/** Total number of scalar parameters. */
export function parameterCount(params: unknown): number {
  return treeFlatten(params, 'parameterCount')[0].reduce((n, t) => n + t.size, 0);
}
