/**
 * @jacobi/notebook: show jacobi tensors, Jacobians, backward graphs, chain plans and memory
 * reports from a tslab TypeScript notebook. Each call sends one MIME bundle: a versioned JSON
 * payload for the JupyterLab extension, a static SVG for every other viewer, and plain text.
 */
export {
  show,
  showJacobian,
  showGraph,
  display,
  DisplayHandle,
  jacobianOf,
  toPayload,
  bundleOf,
  mimeOf,
  type ShowOptions,
  type ShowJacobianOptions,
  type ShowGraphOptions,
} from './show';
export { plot, plotBundle, isPlotSpec, type PlotSpec, type PlotSeries } from './plot';
export { kernelDisplayWriter, sendBundle, type MimeBundle, type DisplayContent, type DisplayWriter } from './kernel';
export {
  tensorToPayload,
  graphToPayload,
  memoryToPayload,
  chainPlanToPayload,
  type GraphPayloadOptions,
  type ChainPlanLike,
} from './payloads';
