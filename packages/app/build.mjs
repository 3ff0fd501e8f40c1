/**
 * Builds the notebook page into build/: esbuild bundles the page script and JupyterLab's CSS
 * (resolving the `~package/...` imports JupyterLab's CSS uses), each theme becomes one
 * stylesheet, and the prebuilt @jacobi/jupyterlab extension is copied where the page loads it.
 */
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, 'build');
// Built beside the target and swapped in at the end, so a server showing the page meanwhile
// never sees a half-built folder.
const out = join(here, `build.tmp-${process.pid}`);
const require = createRequire(join(here, 'package.json'));

/** JupyterLab CSS imports packages as `~@scope/pkg/file.css` (a webpack convention). */
const tildeImports = {
  name: 'tilde-imports',
  setup(build) {
    build.onResolve({ filter: /^~/ }, (args) => ({ path: require.resolve(args.path.slice(1), { paths: [args.resolveDir] }) }));
  },
};

const assetLoaders = { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'dataurl', '.png': 'dataurl', '.gif': 'dataurl' };

const extension = join(here, '..', 'jupyterlab', 'labextension');
if (!existsSync(join(extension, 'package.json'))) {
  throw new Error(`build the renderer extension first (npm run build -w @jacobi/jupyterlab): ${extension} is missing`);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await esbuild.build({
  entryPoints: { bundle: join(here, 'src', 'index.ts') },
  outdir: out,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  minify: true,
  sourcemap: true,
  // MathJax (mathjax-full) reads __dirname, which browsers lack
  define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis', __dirname: '"/"' },
  loader: assetLoaders,
  plugins: [tildeImports],
  logLevel: 'warning',
});

await esbuild.build({
  entryPoints: {
    bundle: join(here, 'src', 'style.css'),
    'themes/light': require.resolve('@jupyterlab/theme-light-extension/style/theme.css'),
    'themes/dark': require.resolve('@jupyterlab/theme-dark-extension/style/theme.css'),
  },
  outdir: out,
  bundle: true,
  minify: true,
  loader: assetLoaders,
  plugins: [tildeImports],
  logLevel: 'warning',
});

cpSync(join(here, 'static'), out, { recursive: true });
cpSync(extension, join(out, 'labextensions', '@jacobi', 'jupyterlab'), { recursive: true });
rmSync(target, { recursive: true, force: true });
renameSync(out, target);
console.log(`notebook page built in ${target}`);
