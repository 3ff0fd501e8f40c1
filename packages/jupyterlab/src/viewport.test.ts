import { describe, expect, it } from 'vitest';
import { Viewport } from './viewport';

describe('Viewport', () => {
  it('maps screen to content and back through scale and offset', () => {
    const v = new Viewport(10);
    v.panBy(5, -5);
    expect(v.toContent(25, 15)).toEqual([2, 2]);
  });

  it('zooms about the pointer: the content under it stays under it', () => {
    const v = new Viewport(4);
    const before = v.toContent(30, 50);
    v.zoomAt(30, 50, 3);
    expect(v.zoom).toBeCloseTo(3);
    const after = v.toContent(30, 50);
    expect(after[0]).toBeCloseTo(before[0]);
    expect(after[1]).toBeCloseTo(before[1]);
  });

  it('clamps the zoom to its range and resets to the fitted view', () => {
    const v = new Viewport(2, 1, 8);
    v.zoomAt(0, 0, 100);
    expect(v.zoom).toBe(8);
    v.zoomAt(0, 0, 1e-6);
    expect(v.zoom).toBe(1);
    v.panBy(10, 10);
    v.reset();
    expect([v.scale, v.offsetX, v.offsetY]).toEqual([2, 0, 0]);
  });

  it('keeps zoomed content covering the view when panned too far', () => {
    const v = new Viewport(1);
    v.zoomAt(0, 0, 4); // 100 x 50 content now 400 x 200 in a 100 x 50 view
    v.panBy(1000, -1000);
    v.clamp(100, 50, 100, 50);
    expect(v.offsetX).toBe(0);
    expect(v.offsetY).toBe(50 - 200);
  });
});
