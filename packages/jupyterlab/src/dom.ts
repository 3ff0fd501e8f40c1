/**
 * The one way this extension builds DOM: elements with text set through `textContent` and
 * attributes through `setAttribute`. Nothing from a payload ever reaches `innerHTML`, so a hostile
 * payload cannot inject markup or script.
 */

/** Options for {@link el}. */
export interface ElementOptions {
  className?: string;
  text?: string;
  attrs?: Record<string, string | number>;
}

/** Creates an HTML element with a class, text content, attributes and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  children: (Node | null | undefined)[] = [],
): HTMLElementTagNameMap[K] {
  return decorate(document.createElement(tag), options, children);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Creates an SVG element (same options as {@link el}). */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  children: (Node | null | undefined)[] = [],
): SVGElementTagNameMap[K] {
  return decorate(document.createElementNS(SVG_NS, tag), options, children);
}

function decorate<E extends Element>(node: E, { className, text, attrs }: ElementOptions, children: (Node | null | undefined)[]): E {
  if (className) node.setAttribute('class', className);
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attrs ?? {})) node.setAttribute(name, String(value));
  for (const child of children) if (child) node.appendChild(child);
  return node;
}

/** Formats a number for display: 4 significant digits, exponent form when very large/small. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  return abs >= 1e5 || abs < 1e-3 ? value.toExponential(3) : String(Number(value.toPrecision(4)));
}

/** Formats a byte count with a binary unit (B, KiB, MiB, GiB). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** `[2, 3]` style shape text. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
