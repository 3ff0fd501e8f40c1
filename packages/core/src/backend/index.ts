import type { Backend } from './backend';
import { jsBackend } from './js';
import { loadWasmKernels, wasmBackend } from './wasm';

export type { Backend, BinaryKernel, ReduceKernel, UnaryKernel } from './backend';
export { jsBackend } from './js';

// The WebAssembly SIMD kernels when they are built and the runtime supports SIMD; plain JS otherwise.
const loaded = loadWasmKernels();
let current: Backend = loaded.kernels ? wasmBackend(loaded.kernels) : jsBackend;

/** The backend that runs numeric kernels now ('wasm-simd' or 'js'). */
export function backend(): Backend {
  return current;
}

/** Replaces the kernel backend; returns the previous one. */
export function setBackend(b: Backend): Backend {
  // A backend missing a kernel would only fail later, inside some op: refuse it here.
  const missing = Object.keys(jsBackend).filter((k) => typeof (b as unknown as Record<string, unknown> | null)?.[k] !== typeof (jsBackend as unknown as Record<string, unknown>)[k]);
  if (missing.length > 0) throw new TypeError(`setBackend: not a backend: missing ${missing.join(', ')}`);
  const prev = current;
  current = b;
  return prev;
}

/** The WebAssembly SIMD backend, or null with the reason it could not load. */
export function wasmSimdBackend(): Backend | null {
  return loaded.kernels ? wasmBackend(loaded.kernels) : null;
}
