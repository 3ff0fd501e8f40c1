/** Test helpers for users of jacobi: `import { checkGrads } from '@jacobi/core/testing'`. */
export { checkGrads, type CheckGradsOptions } from './check_grads';
export { checkVmap, type CheckVmapOptions } from './check_vmap';
