import { packageConfig } from '../vitest.shared';

// Integration tests start kernels, servers and browsers: one file at a time, generous timeouts.
export default packageConfig({ fileParallelism: false, testTimeout: 180_000, hookTimeout: 180_000 });
