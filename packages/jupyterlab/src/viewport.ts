/**
 * Zoom and pan of a 2-D view as pure arithmetic: screen = content * scale + offset. Shared by the
 * heatmap (canvas) and the graph (SVG); unit-tested without a DOM.
 */

/** Smallest and largest zoom factors relative to the fitted view. */
export const MIN_ZOOM = 1;
export const MAX_ZOOM = 64;

/** A view transform: content point p appears at `p * scale + offset` on screen. */
export class Viewport {
  scale = 1;
  offsetX = 0;
  offsetY = 0;

  constructor(
    /** Scale at which the content fits the view (zoom 1). */
    public fitScale = 1,
    readonly minZoom = MIN_ZOOM,
    readonly maxZoom = MAX_ZOOM,
  ) {
    this.scale = fitScale;
  }

  /** Current zoom relative to the fitted view. */
  get zoom(): number {
    return this.scale / this.fitScale;
  }

  /** Back to the fitted view at the origin. */
  reset(fitScale = this.fitScale): void {
    this.fitScale = fitScale;
    this.scale = fitScale;
    this.offsetX = 0;
    this.offsetY = 0;
  }

  /** Screen point -> content point. */
  toContent(x: number, y: number): [number, number] {
    return [(x - this.offsetX) / this.scale, (y - this.offsetY) / this.scale];
  }

  /** Multiplies the zoom by `factor` (clamped), keeping screen point (x, y) fixed. */
  zoomAt(x: number, y: number, factor: number): void {
    const zoom = Math.min(this.maxZoom, Math.max(this.minZoom, this.zoom * factor));
    const [cx, cy] = this.toContent(x, y);
    this.scale = zoom * this.fitScale;
    this.offsetX = x - cx * this.scale;
    this.offsetY = y - cy * this.scale;
  }

  /** Moves the content by (dx, dy) screen pixels. */
  panBy(dx: number, dy: number): void {
    this.offsetX += dx;
    this.offsetY += dy;
  }

  /**
   * Keeps content of size (width, height) from leaving a view of size (viewWidth, viewHeight):
   * content smaller than the view stays inside it, larger content always covers it.
   */
  clamp(width: number, height: number, viewWidth: number, viewHeight: number): void {
    const clampAxis = (offset: number, size: number, view: number) => {
      const lo = Math.min(0, view - size);
      const hi = Math.max(0, view - size);
      return Math.min(hi, Math.max(lo, offset));
    };
    this.offsetX = clampAxis(this.offsetX, width * this.scale, viewWidth);
    this.offsetY = clampAxis(this.offsetY, height * this.scale, viewHeight);
  }
}
