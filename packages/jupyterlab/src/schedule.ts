/**
 * Painting outputs lazily and in slices, so a notebook holding dozens of large heatmaps stays
 * responsive: an output is painted once it comes near the viewport, and queued paints run a few
 * milliseconds per task instead of all in the task that delivered the outputs.
 */

/** How far outside the viewport an output is painted ahead of being scrolled to. */
const MARGIN = '100% 0px';
/** Queued paints start in one task until this many milliseconds have passed. */
const SLICE_MS = 12;

const queue: (() => void)[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;

/** Runs queued paints until the slice is used, then yields to the browser. */
function drain(): void {
  timer = undefined;
  const start = performance.now();
  while (queue.length > 0 && performance.now() - start < SLICE_MS) queue.shift()!();
  if (queue.length > 0) timer = setTimeout(drain, 0);
}

/** Queues `paint` behind earlier paints; it runs in a later task. */
export function paintSoon(paint: () => void): void {
  queue.push(paint);
  timer ??= setTimeout(drain, 0);
}

const waiting = new Map<Element, () => void>();
let observer: IntersectionObserver | undefined;

function visibility(): IntersectionObserver {
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const paint = entry.isIntersecting ? waiting.get(entry.target) : undefined;
        if (!paint) continue;
        waiting.delete(entry.target);
        observer!.unobserve(entry.target);
        paintSoon(paint);
      }
    },
    { rootMargin: MARGIN },
  );
  return observer;
}

/**
 * Calls `paint` once `element` is near the viewport, in a task of its own (at once where the
 * environment cannot tell visibility, e.g. in Node tests). Returns a function that cancels it.
 */
export function paintWhenVisible(element: Element, paint: () => void): () => void {
  if (typeof IntersectionObserver === 'undefined') {
    paint();
    return () => undefined;
  }
  let cancelled = false;
  waiting.set(element, () => cancelled || paint());
  visibility().observe(element);
  return () => {
    cancelled = true;
    if (waiting.delete(element)) observer?.unobserve(element);
  };
}
