import chroma from 'chroma-js';
import { parse, type HTMLElement } from 'node-html-parser';
import { unzlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  divergingScale,
  escapeXml,
  formatNumber,
  GRAPH_MIME,
  jacobianPayload,
  renderChainPlan,
  renderGraph,
  renderJacobian,
  renderMemoryReport,
  renderPayload,
  renderTensor,
  summaryText,
  tensorPayload,
  validatePayload,
  NAN_COLOR,
  ROLE_STYLE,
  type GraphPayload,
} from '../index';

const HOSTILE = `<script>alert("x")</script>&'`;

/** Parses an SVG document, failing on anything but exactly one root <svg>. */
function svgRoot(svg: string): HTMLElement {
  const root = parse(svg, { lowerCaseTagName: false });
  expect(root.childNodes).toHaveLength(1);
  const el = root.querySelector('svg');
  expect(el).not.toBeNull();
  return el!;
}

function texts(el: HTMLElement): string[] {
  return el.querySelectorAll('text').map((t) => t.text);
}

function cellFill(svg: HTMLElement, i: number, j: number): string {
  const cell = svg.querySelector(`g.cells rect[data-i="${i}"][data-j="${j}"]`) ?? svg.querySelector(`g.table rect[data-i="${i}"][data-j="${j}"]`);
  expect(cell).not.toBeNull();
  return cell!.getAttribute('fill')!;
}

/** Reads pixel (x, y) of an RGB PNG made by encodePng (filter 0 on every row). */
function pngPixel(dataUri: string, x: number, y: number): string {
  const bytes = Uint8Array.from(Buffer.from(dataUri.replace('data:image/png;base64,', ''), 'base64'));
  const view = new DataView(bytes.buffer);
  const width = view.getUint32(16);
  let o = 8;
  const idat: Uint8Array[] = [];
  while (o < bytes.length) {
    const len = view.getUint32(o);
    const type = String.fromCharCode(...bytes.subarray(o + 4, o + 8));
    if (type === 'IDAT') idat.push(bytes.subarray(o + 8, o + 8 + len));
    o += 12 + len;
  }
  const raw = unzlibSync(Buffer.concat(idat));
  const at = y * (1 + width * 3) + 1 + x * 3;
  return '#' + [...raw.subarray(at, at + 3)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

describe('escapeXml', () => {
  it('leaves no markup characters', () => {
    expect(escapeXml(HOSTILE)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;');
  });
});

describe('colour scales', () => {
  it('is diverging around zero: blue at -max, near-white at 0, red at +max', () => {
    const scale = divergingScale(4);
    expect(scale(-4)).toBe('#053061');
    expect(scale(0)).toBe('#f7f7f7');
    expect(scale(4)).toBe('#67001f');
    expect(scale(-100)).toBe(scale(-4)); // clamped
    expect(scale(NaN)).toBe(NAN_COLOR);
  });
});

describe('renderJacobian', () => {
  it('draws a non-square Jacobian to scale with diverging colours, names and title', () => {
    // J = [[2, 0, -2], [1, NaN, 0.5]]: a 2 x 3 Jacobian of f: R^3 -> R^2
    const p = jacobianPayload([2, 0, -2, 1, NaN, 0.5], [2], [3], { functionName: 'g', inputName: 'theta', outputNames: ['loss', 'reg'], inputNames: ['a', 'b', 'c'] });
    const svg = svgRoot(renderJacobian(p));
    expect(cellFill(svg, 0, 0)).toBe('#67001f');
    expect(cellFill(svg, 0, 1)).toBe('#f7f7f7');
    expect(cellFill(svg, 0, 2)).toBe('#053061');
    expect(cellFill(svg, 1, 1)).toBe(NAN_COLOR);
    const all = texts(svg);
    expect(all[0]).toBe('∂g/∂theta: g [2] ← theta [3], J is 2 × 3');
    expect(all).toEqual(expect.arrayContaining(['loss', 'reg', 'a', 'b', 'c', 'inputs j (theta)', 'outputs i (g)', 'NaN']));
    const frame = svg.querySelectorAll('rect.axis').find((r) => r.getAttribute('fill') === 'none' && Number(r.getAttribute('width')) > 12)!;
    expect(Number(frame.getAttribute('width')) / Number(frame.getAttribute('height'))).toBeCloseTo(3 / 2, 5);
  });

  it('prints each value of a small Jacobian in its cell, in ink that contrasts with the cell', () => {
    const values = [2, 0, -2, 1, NaN, 0.000123456];
    const p = jacobianPayload(values, [2], [3]);
    const svg = svgRoot(renderJacobian(p));
    const labels = svg.querySelectorAll('g.values text');
    expect(labels.map((t) => t.text)).toEqual(['2', '0', '-2', '1', 'NaN', '1.2e-4']);
    // ±max cells are dark (white ink), the zero cell is near-white (black ink).
    const ink = labels.map((t) => /fill:(#[0-9a-f]{6})/.exec(t.getAttribute('style')!)![1]);
    expect([ink[0], ink[1], ink[2]]).toEqual(['#ffffff', '#000000', '#ffffff']);
    // Each label sits inside its cell.
    const cell = svg.querySelector('rect[data-i="1"][data-j="2"]')!;
    const [cx, cw] = [Number(cell.getAttribute('x')), Number(cell.getAttribute('width'))];
    expect(Number(labels[5].getAttribute('x'))).toBeCloseTo(cx + cw / 2, 0);
  });

  it('prints no values once a side exceeds 12 cells', () => {
    const p = jacobianPayload(new Float64Array(13 * 2).fill(1), [13], [2]);
    expect(svgRoot(renderJacobian(p)).querySelectorAll('g.values text')).toHaveLength(0);
    const q = jacobianPayload(new Float64Array(12 * 12).fill(1), [12], [12]);
    expect(svgRoot(renderJacobian(q)).querySelectorAll('g.values text')).toHaveLength(144);
  });

  it('escapes hostile names everywhere', () => {
    const p = jacobianPayload([1, 2], [1], [2], { functionName: HOSTILE, inputName: HOSTILE, outputNames: [HOSTILE], inputNames: [HOSTILE, 'b'] });
    const out = renderJacobian(p);
    expect(out).not.toContain('<script>');
    const svg = svgRoot(out);
    expect(svg.querySelectorAll('script')).toHaveLength(0);
    expect(texts(svg).filter((t) => t.includes(HOSTILE)).length).toBeGreaterThanOrEqual(3);
  });

  it('draws a large Jacobian as a PNG whose corner pixels carry the colours of ±max', () => {
    const n = 600;
    const values = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) values[i * n + j] = (j - i) / n;
    values[0 * n + (n - 1)] = 1; // top-right +max, bottom-left -max
    values[(n - 1) * n] = -1;
    const p = jacobianPayload(values, [n], [n]);
    const svg = svgRoot(renderJacobian(p));
    const image = svg.querySelector('image.cells')!;
    const [rows, cols] = p.matrix.values.shape;
    expect(pngPixel(image.getAttribute('href')!, cols - 1, 0)).toBe('#67001f');
    expect(pngPixel(image.getAttribute('href')!, 0, rows - 1)).toBe('#053061');
  });
});

describe('renderTensor', () => {
  it('shrinks both axes of a square tensor by the same step, so its picture stays square', () => {
    const n = 141;
    const p = tensorPayload(Float64Array.from({ length: n * n }, (_, k) => Math.sin(k)), [n, n]);
    expect(p.sampling.step[0]).toBe(p.sampling.step[1]);
    expect(p.values.shape[0]).toBe(p.values.shape[1]);
    const svg = renderTensor(p);
    const [r] = p.values.shape;
    expect(svg).toContain(`at [${r}, ${r}]`);
    const cells = svgRoot(svg).querySelector('image.cells, g.cells')!;
    const frame = cells.nextElementSibling ?? cells;
    expect(Number(frame.getAttribute('width'))).toBeCloseTo(Number(frame.getAttribute('height')), 5);
  });

  it('shows a small matrix as a table of values with a stats line', () => {
    const values = [1, -3, 0, 3, 2, -1];
    const svg = svgRoot(renderTensor(tensorPayload(values, [2, 3], { name: HOSTILE })));
    const all = texts(svg);
    expect(all[0]).toBe(`${HOSTILE}: float64 [2, 3]`);
    const mean = 2 / 6;
    const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / 6);
    expect(all[1]).toBe(`min -3  max 3  mean ${formatNumber(mean)}  std ${formatNumber(std)}`);
    expect(all).toEqual(expect.arrayContaining(['1', '-3', '0', '3', '2', '-1']));
    expect(cellFill(svg, 0, 1)).toBe('#053061');
    expect(cellFill(svg, 1, 0)).toBe('#67001f');
    expect(cellFill(svg, 0, 2)).toBe('#f7f7f7');
    expect(svg.querySelectorAll('g.histogram rect').length).toBeGreaterThan(1);
  });

  it('draws a grid of 2-D slices for rank 3 and marks NaN in the legend', () => {
    const values = Float64Array.from({ length: 5 * 4 * 6 }, (_, k) => k - 60);
    values[7] = NaN;
    const svg = svgRoot(renderTensor(tensorPayload(values, [5, 4, 6])));
    const labels = texts(svg).filter((t) => t.endsWith(', :, :]'));
    expect(labels).toEqual(['[0, :, :]', '[1, :, :]', '[2, :, :]', '[3, :, :]', '[4, :, :]']);
    expect(texts(svg)).toContain('NaN');
  });

  it('keeps a 10-million-element tensor picture small', () => {
    const values = new Float32Array(10_000_000).map((_, k) => Math.sin(k));
    const out = renderTensor(tensorPayload(values, [100, 100, 1000], { dtype: 'float32' }));
    expect(out.length).toBeLessThan(150_000);
    svgRoot(out);
  });
});

describe('renderGraph', () => {
  const graph: GraphPayload = {
    version: 1,
    kind: 'graph',
    title: HOSTILE,
    nodes: [
      { id: 'w', role: 'param', label: 'layer.weight', shape: [4, 3], dtype: 'float64' },
      { id: 'x', role: 'input', label: HOSTILE, shape: [3], dtype: 'float64' },
      { id: 'mm', role: 'op', label: 'matmul', shape: [4], dtype: 'float64', savedBytes: 120, grad: { norm: 1.5, absMax: 1, mean: 0.25 } },
      { id: 'out', role: 'output', label: 'sum', shape: [], dtype: 'float64' },
    ],
    edges: [{ from: 'w', to: 'mm' }, { from: 'x', to: 'mm' }, { from: 'mm', to: 'out' }],
    highlight: ['out', 'mm', 'w'],
    totals: { nodes: 4, savedBytes: 120 },
  };

  it('lays out every node with shape and saved bytes, distinguishes roles, highlights the path', () => {
    const svg = svgRoot(renderGraph(validatePayload(GRAPH_MIME, graph) as GraphPayload));
    const nodes = svg.querySelectorAll('g.node');
    expect(nodes).toHaveLength(4);
    expect(svg.querySelector('g.node.param rect')!.getAttribute('stroke-dasharray')).toBeUndefined();
    expect(svg.querySelector('g.node.input rect')!.getAttribute('stroke-dasharray')).toBe('4 3');
    expect(svg.querySelectorAll('g.node.highlight').map((n) => n.getAttribute('data-id'))).toEqual(['w', 'mm', 'out']);
    expect(svg.querySelectorAll('path.edge')).toHaveLength(3);
    expect(svg.querySelectorAll('path.edge.highlight')).toHaveLength(2);
    expect(texts(svg)).toEqual(expect.arrayContaining(['matmul', '[4, 3] float64', 'saves 120 B', '‖∇‖ 1.5']));
    // layered top to bottom: parameter above the op above the output
    const y = (id: string) => Number(svg.querySelector(`g.node[data-id="${id}"] rect`)!.getAttribute('y'));
    expect(y('w')).toBeLessThan(y('mm'));
    expect(y('mm')).toBeLessThan(y('out'));
  });

  it('escapes hostile labels and titles', () => {
    const out = renderGraph(graph);
    expect(out).not.toContain('<script>');
    expect(svgRoot(out).querySelectorAll('script')).toHaveLength(0);
  });
});

describe('reports and summaries', () => {
  it('draws the chain plan with the best strategy highlighted and log-scaled bars', () => {
    const svg = svgRoot(renderChainPlan({
      version: 1, kind: 'chain-plan',
      links: [{ name: 'f1', shape: [1000, 10], diagonal: false }, { name: HOSTILE, shape: [1, 1000], diagonal: false }],
      strategies: [{ name: 'forward', multiplyAdds: 1e7, peakMemory: 8e4, order: '(J2 J1)' }, { name: 'reverse', multiplyAdds: 1e4, peakMemory: 8e3, order: '(J2 J1)' }],
      best: 'reverse', memoryUnit: 'bytes',
    }));
    expect(texts(svg)).toEqual(expect.arrayContaining(['reverse (best)', '10M', '10k', '80 kB', HOSTILE]));
    const bars = svg.querySelectorAll('rect.bar').map((b) => Number(b.getAttribute('width')));
    expect(bars[0]).toBeGreaterThan(bars[1]);
    expect(bars[0] / bars[1]).toBeCloseTo(Math.log10(1 + 1e7) / Math.log10(1 + 1e4), 2);
  });

  it('uses linear cost bars when the orders cost within a factor of 100', () => {
    const svg = svgRoot(renderChainPlan({
      version: 1, kind: 'chain-plan', links: [{ name: 'f', shape: [3, 3], diagonal: false }],
      strategies: [{ name: 'forward', multiplyAdds: 20_000, peakMemory: 1, order: 'a' }, { name: 'reverse', multiplyAdds: 10_000, peakMemory: 1, order: 'b' }],
      best: 'reverse', memoryUnit: 'elements',
    }));
    const bars = svg.querySelectorAll('rect.bar').map((b) => Number(b.getAttribute('width')));
    expect(bars[0] / bars[1]).toBeCloseTo(2, 5);
    expect(texts(svg)).toContain('multiply-adds (linear)');
  });

  it('draws the memory report rows and totals', () => {
    const svg = svgRoot(renderMemoryReport({
      version: 1, kind: 'memory-report',
      rows: [{ name: 'matmul [10000]', heldBytes: 80_000, jacobianBytes: 800_000_000 }],
      totals: { heldBytes: 80_000, jacobianBytes: 800_000_000 },
    }));
    expect(texts(svg)).toEqual(expect.arrayContaining(['matmul [10000]', '80 kB', '800 MB', 'total']));
    expect(svg.querySelectorAll('rect.bar.jacobian')).toHaveLength(2);
  });

  it('summarizes every kind in plain text and renders any payload', () => {
    const t = tensorPayload([1, 2, NaN], [3], { name: 'v' });
    expect(summaryText(t)).toBe('v: float64 [3]\nmin 1  max 2  mean 1.5  std 0.5  NaN 1');
    expect(renderPayload(t)).toBe(renderTensor(t));
    const j = jacobianPayload([1, 0, 0, 1], [2], [2]);
    expect(summaryText(j).split('\n')[0]).toBe('∂f/∂x: f [2] ← x [2], J is 2 × 2');
  });
});

describe('1-D tensors', () => {
  it('draw a line through the values with a gap at NaN', () => {
    const values = Float64Array.from({ length: 200 }, (_, k) => Math.exp(-k / 50));
    values[100] = NaN;
    const svg = svgRoot(renderTensor(tensorPayload(values, [200], { name: 'loss' })));
    const d = svg.querySelector('path.line')!.getAttribute('d')!;
    expect(d.match(/M/g)).toHaveLength(2); // two runs, split at the NaN
    expect(d.match(/L/g)).toHaveLength(197);
    const ys = [...d.matchAll(/[ML][\d.]+,([\d.]+)/g)].map((m) => Number(m[1]));
    expect(ys[0]).toBeLessThan(ys[ys.length - 1]); // the first (largest) value is drawn highest
  });
});

describe('light and dark pages', () => {
  it('every picture draws its own panel, with strongly contrasting text in both schemes', () => {
    const svg = renderTensor(tensorPayload([1, 2, 3, 4], [2, 2]));
    const root = svgRoot(svg);
    expect(root.querySelector('rect.bg')).not.toBeNull();
    const style = root.querySelector('style')!.text;
    const light = { panel: /\.bg\{fill:(#[0-9a-f]{6})/.exec(style)![1], text: /text\{[^}]*fill:(#[0-9a-f]{6})/.exec(style)![1] };
    const darkBlock = /prefers-color-scheme:dark\)\{(.*)\}/.exec(style)![1];
    const dark = { panel: /\.bg\{fill:(#[0-9a-f]{6})/.exec(darkBlock)![1], text: /text\{fill:(#[0-9a-f]{6})/.exec(darkBlock)![1] };
    expect(chroma.contrast(light.panel, light.text)).toBeGreaterThan(7);
    expect(chroma.contrast(dark.panel, dark.text)).toBeGreaterThan(7);
    // graph node labels sit on light node fills whatever the scheme
    for (const s of Object.values(ROLE_STYLE)) expect(chroma.contrast(s.fill, '#1f2328')).toBeGreaterThan(7);
  });
});
