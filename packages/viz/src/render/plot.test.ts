import { describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { renderLinePlot, plotText, SERIES_COLORS } from './plot';

describe('line plots', () => {
  const spec = {
    title: 'time (ms)',
    x: [1, 10, 100, 1000],
    logX: true,
    logY: true,
    series: [
      { name: 'jacrev', y: [0.5, 0.6, 0.9, 3] },
      { name: 'jacfwd', y: [0.4, 2, 20, 250] },
    ],
  };

  it('draws one coloured line with a marker per point for each series, and a legend', () => {
    const svg = parse(renderLinePlot(spec));
    const paths = svg.querySelectorAll('path');
    expect(paths.map((p) => p.getAttribute('stroke'))).toEqual([SERIES_COLORS[0], SERIES_COLORS[1]]);
    expect(svg.querySelectorAll('circle')).toHaveLength(8);
    const labels = svg.querySelectorAll('text').map((t) => t.text);
    expect(labels).toContain('jacrev');
    expect(labels).toContain('jacfwd');
    expect(labels).toContain('time (ms)');
  });

  it('puts log-axis ticks at powers of ten and places points by their logarithm', () => {
    const svg = parse(renderLinePlot(spec));
    const labels = svg.querySelectorAll('text').map((t) => t.text);
    for (const t of ['1', '10', '100', '1000']) expect(labels).toContain(t);
    // x = 1, 10, 100, 1000 are evenly spaced on a log axis
    const cx = svg.querySelectorAll('circle').slice(0, 4).map((c) => Number(c.getAttribute('cx')));
    const gaps = cx.slice(1).map((v, i) => v - cx[i]);
    gaps.forEach((g) => expect(g).toBeCloseTo(gaps[0], 1));
  });

  it('leaves gaps for values a log axis cannot show, instead of drawing nonsense', () => {
    const svg = parse(renderLinePlot({ logY: true, series: [{ name: 's', y: [1, 2, 0, 10, NaN, 100] }] }));
    expect(svg.querySelectorAll('circle')).toHaveLength(4);
    expect(svg.querySelector('path')!.getAttribute('d')!.match(/M/g)).toHaveLength(3); // [1, 2], [10] and [100]: the line breaks at 0 and NaN
  });

  it('escapes hostile names and titles', () => {
    const out = renderLinePlot({ title: '<script>alert(1)</script>', series: [{ name: '"><img src=x onerror=alert(1)>', y: [1, 2] }] });
    expect(out).not.toContain('<script>');
    expect(out).not.toContain('<img');
    expect(parse(out).querySelectorAll('script')).toHaveLength(0);
  });

  it('refuses series whose length does not match x', () => {
    expect(() => renderLinePlot({ x: [1, 2, 3], series: [{ name: 'short', y: [1, 2] }] })).toThrow(/"short" has 2 values for 3 x values/);
    expect(() => renderLinePlot({ series: [] })).toThrow(/at least one series/);
  });

  it('has a plain-text fallback with the data', () => {
    expect(plotText(spec)).toBe('time (ms) (x: 1, 10, 100, 1000)\n  jacrev: 0.5, 0.6, 0.9, 3\n  jacfwd: 0.4, 2, 20, 250');
  });
});
