// The one WebAssembly module of @jacobi/core (built to wasm/kernels.wasm by `npm run build:wasm`).
// Each kernel family lives in its own file; this entry re-exports them all.
export * from './matmul';
export * from './elementwise';
export * from './reduce';
export * from './transpose';
