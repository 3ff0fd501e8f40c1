import type { Backend } from './backend';
import { jsBackend } from './js';
import { loadWasmKernels, wasmBackend } from './wasm';

export type { Backend, BinaryKernel, ReduceKernel, UnaryKernel } from './backend';
export { jsBackend } from './js';

const loaded = loadWasmKernels();
/** The WebAssembly SIMD backend, built once, or null when the kernels did not load. */
const simd = loaded.kernels ? wasmBackend(loaded.kernels) : null;

/**
 * The backend chosen when the package loads: JACOBI_BACKEND=js forces the plain TypeScript
 * kernels, JACOBI_BACKEND=wasm demands the WebAssembly SIMD ones (an error if they cannot load);
 * unset, the SIMD kernels are used when they are built and the runtime supports them.
 */
function initialBackend(): Backend {
  const wanted = typeof process === 'undefined' ? undefined : process.env.JACOBI_BACKEND;
  if (wanted === 'js') return jsBackend;
  if (wanted !== undefined && wanted !== '' && wanted !== 'wasm') {
    throw new Error(`JACOBI_BACKEND must be 'js' or 'wasm', got '${wanted}'`);
  }
  if (simd) return simd;
  if (wanted === 'wasm') {
    throw new Error(`JACOBI_BACKEND=wasm, but the WebAssembly kernels did not load (${loaded.reason}); run npm run build:wasm -w @jacobi/core`);
  }
  return jsBackend;
}

let current: Backend = initialBackend();

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

/** The WebAssembly SIMD backend, or null when it could not load (see {@link loadWasmKernels}). */
export function wasmSimdBackend(): Backend | null {
  return simd;
}
