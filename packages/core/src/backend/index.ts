import type { Backend } from './backend';
import { jsBackend } from './js';

export type { Backend, BinaryKernel, ReduceKernel, UnaryKernel } from './backend';

let current: Backend = jsBackend;

/** The backend that runs numeric kernels now. */
export function backend(): Backend {
  return current;
}

/** Replaces the kernel backend (for example with a WebAssembly one); returns the previous one. */
export function setBackend(b: Backend): Backend {
  const prev = current;
  current = b;
  return prev;
}
