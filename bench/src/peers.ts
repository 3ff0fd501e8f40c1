/** The libraries measured, and which workloads each can run. */
import type { DType, Workload } from './workloads';

/** Every library, jacobi first; the rest are the peers (`--peers` picks among them). */
export const LIBRARIES = ['jacobi', 'tfjs-cpu', 'tfjs-wasm', 'jax-js', 'jax-js-jit', 'pytorch'] as const;
export type Library = (typeof LIBRARIES)[number];
export type Peer = Exclude<Library, 'jacobi'>;
export const PEERS: readonly Peer[] = LIBRARIES.filter((l): l is Peer => l !== 'jacobi');

/** Column titles of the tables. */
export const LABELS: Record<Library, string> = {
  jacobi: 'jacobi',
  'tfjs-cpu': 'tfjs cpu',
  'tfjs-wasm': 'tfjs wasm',
  'jax-js': 'jax-js',
  'jax-js-jit': 'jax-js jit',
  pytorch: 'PyTorch',
};

/** Why `library` does not run workload `w` in `dtype`, or null when it does. */
export function unsupported(library: Library, w: Workload, dtype: DType): string | null {
  if (library === 'tfjs-cpu' || library === 'tfjs-wasm') {
    if (dtype === 'float64') return 'TensorFlow.js has no float64';
    if (w.kind === 'jacfwd') return 'TensorFlow.js has no forward mode';
  }
  if (library === 'jax-js-jit' && w.kind !== 'mlp') return 'jax-js jit is measured for the MLP step only';
  return null;
}
