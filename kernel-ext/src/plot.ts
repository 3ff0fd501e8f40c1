/**
 * Line plots for the measurements a tutorial makes (timings against sizes, loss curves). A plot is
 * a picture, not a jacobi object: its bundle is the static SVG and a plain-text table, which every
 * Jupyter frontend shows as it is.
 */
import { plotText, renderLinePlot, type PlotSpec } from '@jacobi/viz';
import { sendBundle, type MimeBundle } from './kernel';

export type { PlotSpec, PlotSeries } from '@jacobi/viz';

/** True for a plot description `{ series: [...] , ... }`. */
export function isPlotSpec(x: unknown): x is PlotSpec {
  return x !== null && typeof x === 'object' && Array.isArray((x as PlotSpec).series) && Object.getPrototypeOf(x) === Object.prototype;
}

/** The MIME bundle of a plot: SVG picture and plain text. */
export function plotBundle(spec: PlotSpec): MimeBundle {
  return { 'image/svg+xml': renderLinePlot(spec), 'text/plain': plotText(spec) };
}

/**
 * Draws a line plot in the notebook: one line per series over shared x values, linear or log axes.
 *
 * @example
 * plot({ x: [1, 10, 100], series: [{ name: 'jacrev', y: [0.1, 0.2, 0.9] }], logX: true, title: 'ms' });
 */
export function plot(spec: PlotSpec): void {
  sendBundle(plotBundle(spec));
}
