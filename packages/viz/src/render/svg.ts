/**
 * The SVG document frame shared by all pictures. Each picture carries its own background panel
 * and text colours (light by default, dark when the viewer prefers a dark scheme), so it stays
 * readable whatever page it lands on: JupyterLab light or dark, GitHub, nbviewer, VS Code.
 */
import { escapeXml } from './text';

/** Palette of the neutral parts of a picture (data colours come from `color.ts`). */
export const INK = { text: '#1f2328', muted: '#59636e', panel: '#ffffff', border: '#d0d7de', accent: '#e36209' } as const;

const STYLE = `<style>
.bg{fill:${INK.panel};stroke:${INK.border}}
text{font-family:ui-sans-serif,system-ui,-apple-system,'Segoe UI',sans-serif;font-size:12px;fill:${INK.text}}
.muted{fill:${INK.muted}}
.title{font-size:14px;font-weight:600}
.mono{font-family:ui-monospace,'SFMono-Regular',Menlo,Consolas,monospace}
.edge{stroke:${INK.muted};fill:none}
.axis{stroke:${INK.muted}}
@media (prefers-color-scheme:dark){.bg{fill:#0d1117;stroke:#30363d}text{fill:#e6edf3}.muted{fill:#9198a1}.edge,.axis{stroke:#9198a1}}
</style>`;

/** Widest picture drawn, in pixels: layouts sized from very long names are clipped to it. */
export const MAX_PICTURE_WIDTH = 4096;
/** Longest text drawn, in characters; longer names end in an ellipsis. */
export const MAX_TEXT_LENGTH = 400;

/** Wraps picture content in an SVG document of the given size, with a title for accessibility. */
export function svgDocument(width: number, height: number, title: string, body: string): string {
  const w = Math.min(Math.ceil(width), MAX_PICTURE_WIDTH);
  const h = Math.ceil(height);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img">` +
    `<title>${escapeXml(clip(title))}</title>${STYLE}` +
    `<rect class="bg" x="0.5" y="0.5" width="${w - 1}" height="${h - 1}" rx="4"/>` +
    body +
    '</svg>'
  );
}

/** A `<text>` element with escaped content; `cls` is a space-separated class list. */
export function text(
  x: number,
  y: number,
  content: string,
  options: { cls?: string; anchor?: 'start' | 'middle' | 'end'; size?: number; fill?: string; transform?: string } = {},
): string {
  const attrs = [`x="${round(x)}"`, `y="${round(y)}"`];
  if (options.cls) attrs.push(`class="${options.cls}"`);
  if (options.anchor && options.anchor !== 'start') attrs.push(`text-anchor="${options.anchor}"`);
  const style = [options.size ? `font-size:${options.size}px` : '', options.fill ? `fill:${options.fill}` : ''].filter(Boolean);
  if (style.length) attrs.push(`style="${style.join(';')}"`);
  if (options.transform) attrs.push(`transform="${options.transform}"`);
  return `<text ${attrs.join(' ')}>${escapeXml(clip(content))}</text>`;
}

/** `s` cut to {@link MAX_TEXT_LENGTH} characters (ellipsis included). */
export function clip(s: string): string {
  return s.length > MAX_TEXT_LENGTH ? `${s.slice(0, MAX_TEXT_LENGTH - 1)}…` : s;
}

/** Rounds a coordinate to 2 decimals to keep documents small. */
export function round(v: number): number {
  return Math.round(v * 100) / 100;
}
