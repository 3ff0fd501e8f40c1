/**
 * @jacobi/jupyterlab: JupyterLab 4 renderers for jacobi outputs (tensors, Jacobians, backward
 * graphs, chain plans, memory reports). A mime-renderer extension: `safe: true` (it never runs
 * payload code or injects payload markup) and rank 40, so it wins over the static HTML/SVG that
 * the same output bundle carries for other frontends.
 */
import { JACOBI_MIMES } from '@jacobi/viz';
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { JacobiRenderer } from './renderer';

/** Rank of the jacobi renderers: below JupyterLab's HTML (50), so the interactive view wins. */
export const RENDERER_RANK = 40;

/** Creates a {@link JacobiRenderer} for any of the three jacobi MIME types. */
export const rendererFactory: IRenderMime.IRendererFactory = {
  safe: true,
  mimeTypes: [...JACOBI_MIMES],
  defaultRank: RENDERER_RANK,
  createRenderer: (options) => new JacobiRenderer(options),
};

/** The mime-renderer extension JupyterLab loads from this package. */
const extension: IRenderMime.IExtension = {
  id: '@jacobi/jupyterlab:renderers',
  rendererFactory,
  rank: RENDERER_RANK,
  dataType: 'json',
};

export default extension;
export { JacobiRenderer, viewFor, errorBox, RENDERER_CLASS, ERROR_CLASS } from './renderer';
