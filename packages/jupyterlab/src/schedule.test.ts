import { afterEach, describe, expect, it, vi } from 'vitest';

/** A stand-in IntersectionObserver: the test says when an element comes into view. */
class FakeObserver {
  static last: FakeObserver;
  readonly observed = new Set<Element>();
  constructor(readonly callback: (entries: { target: Element; isIntersecting: boolean }[]) => void) {
    FakeObserver.last = this;
  }
  observe(e: Element) { this.observed.add(e); }
  unobserve(e: Element) { this.observed.delete(e); }
  show(...targets: Element[]) { this.callback(targets.map((target) => ({ target, isIntersecting: true }))); }
}

/** A fresh copy of the module (its queue and observer are module state). */
async function schedule() {
  vi.resetModules();
  return import('./schedule');
}

const nextTask = () => new Promise((r) => setTimeout(r, 0));
const element = () => ({}) as Element;

afterEach(() => vi.unstubAllGlobals());

describe('paintWhenVisible', () => {
  it('paints at once where visibility cannot be observed (Node, tests)', async () => {
    vi.stubGlobal('IntersectionObserver', undefined);
    const { paintWhenVisible } = await schedule();
    const paint = vi.fn();
    paintWhenVisible(element(), paint);
    expect(paint).toHaveBeenCalledTimes(1);
  });

  it('paints only once the element is near the viewport, in a later task, and only once', async () => {
    vi.stubGlobal('IntersectionObserver', FakeObserver);
    const { paintWhenVisible } = await schedule();
    const [near, far] = [element(), element()];
    const paints: string[] = [];
    paintWhenVisible(near, () => paints.push('near'));
    paintWhenVisible(far, () => paints.push('far'));
    await nextTask();
    expect(paints).toEqual([]);
    FakeObserver.last.show(near);
    expect(paints).toEqual([]); // not inside the observer's callback
    await nextTask();
    expect(paints).toEqual(['near']);
    expect([...FakeObserver.last.observed]).toEqual([far]);
    FakeObserver.last.callback([{ target: near, isIntersecting: true }, { target: far, isIntersecting: false }]);
    await nextTask();
    expect(paints).toEqual(['near']);
  });

  it('spreads slow paints over separate tasks', async () => {
    vi.stubGlobal('IntersectionObserver', FakeObserver);
    const { paintWhenVisible } = await schedule();
    const elements = [element(), element(), element()];
    let done = 0;
    const slowPaint = () => {
      const start = performance.now();
      while (performance.now() - start < 20); // longer than a slice
      done++;
    };
    for (const e of elements) paintWhenVisible(e, slowPaint);
    FakeObserver.last.show(...elements);
    for (const expected of [1, 2, 3]) {
      await nextTask();
      expect(done).toBe(expected);
    }
  });

  it('never paints a cancelled output', async () => {
    vi.stubGlobal('IntersectionObserver', FakeObserver);
    const { paintWhenVisible } = await schedule();
    const [a, b] = [element(), element()];
    const paint = vi.fn();
    const cancelA = paintWhenVisible(a, paint);
    const cancelB = paintWhenVisible(b, paint);
    cancelA();
    expect(FakeObserver.last.observed.has(a)).toBe(false);
    FakeObserver.last.show(b);
    cancelB(); // queued but not yet run
    await nextTask();
    expect(paint).not.toHaveBeenCalled();
  });
});
