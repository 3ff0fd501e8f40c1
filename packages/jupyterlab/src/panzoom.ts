/**
 * Wheel zoom about the pointer and drag-to-pan, the same for the heatmap canvas and the graph SVG.
 * The arithmetic lives in `Viewport`; this only wires pointer events to it.
 */
import type { Viewport } from './viewport';

/** How a view adds a listener it will remove on dispose. */
export type Listen = <K extends keyof GlobalEventHandlersEventMap>(
  target: Element,
  type: K,
  handler: (e: GlobalEventHandlersEventMap[K]) => void,
  options?: AddEventListenerOptions,
) => void;

/**
 * Binds zoom and pan on `target` to `viewport`; `changed` redraws after each move. `startsDrag`
 * lets a view keep pointer presses on its own items (e.g. graph nodes) for clicks.
 */
export function bindPanZoom(target: Element, viewport: Viewport, listen: Listen, changed: () => void, startsDrag: (e: PointerEvent) => boolean = () => true): void {
  let drag: { x: number; y: number } | null = null;
  listen(target, 'wheel', (e) => {
    // Zooming out of the fitted view scrolls the notebook instead of trapping the wheel.
    if (e.deltaY > 0 && viewport.zoom <= viewport.minZoom) return;
    e.preventDefault();
    const box = target.getBoundingClientRect();
    viewport.zoomAt(e.clientX - box.left, e.clientY - box.top, Math.exp(-e.deltaY / 300));
    changed();
  }, { passive: false });
  listen(target, 'pointerdown', (e) => {
    if (!startsDrag(e)) return;
    drag = { x: e.clientX, y: e.clientY };
    target.setPointerCapture?.(e.pointerId);
  });
  listen(target, 'pointermove', (e) => {
    if (!drag) return;
    viewport.panBy(e.clientX - drag.x, e.clientY - drag.y);
    drag = { x: e.clientX, y: e.clientY };
    changed();
  });
  for (const type of ['pointerup', 'pointerleave'] as const) listen(target, type, () => (drag = null));
}
