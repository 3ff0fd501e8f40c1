import { packageConfig } from '../../vitest.shared';

// Every test file runs twice: once on the WebAssembly SIMD kernels and once on the plain
// TypeScript ones (JACOBI_BACKEND, read when src/backend/index.ts loads). Both runs count in
// .test-results.json. --expose-gc lets the memory tests measure the heap after a collection.
const onBackend = (name: 'wasm' | 'js') => ({ extends: true, test: { name, env: { JACOBI_BACKEND: name } } });

export default packageConfig({ execArgv: ['--expose-gc'], projects: [onBackend('wasm'), onBackend('js')] });
