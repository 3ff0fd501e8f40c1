/**
 * Shared vitest settings for every workspace: workspace packages resolve to their TypeScript
 * sources (no build needed to test), and each run writes a JSON report that `npm test` totals.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

export const workspaceAliases = [
  { find: /^@jacobi\/core\/testing$/, replacement: `${root}packages/core/src/testing/index.ts` },
  { find: /^@jacobi\/core$/, replacement: `${root}packages/core/src/index.ts` },
  { find: /^@jacobi\/viz\/payload$/, replacement: `${root}packages/viz/src/payload/index.ts` },
  { find: /^@jacobi\/viz$/, replacement: `${root}packages/viz/src/index.ts` },
  { find: /^@jacobi\/notebook$/, replacement: `${root}kernel-ext/src/index.ts` },
];

export function packageConfig(overrides: ViteUserConfig['test'] = {}): ViteUserConfig {
  return defineConfig({
    resolve: { alias: workspaceAliases },
    test: {
      include: ['src/**/*.test.ts'],
      reporters: ['default', 'json'],
      outputFile: { json: '.test-results.json' },
      ...overrides,
    },
  });
}
