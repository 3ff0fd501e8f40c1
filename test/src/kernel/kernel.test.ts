/**
 * Executes a notebook through the REAL tslab kernel (Jupyter from Debian's python3, nbclient) and
 * checks what reaches the notebook: one bundle per show call with our payload, an SVG picture and
 * plain text; payloads valid against the schema; size caps; live display updated in place.
 * The kernel loads the BUILT packages (dist/), so build core, viz and notebook first.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { GRAPH_MIME, JACOBIAN_MIME, TENSOR_MIME, validatePayload, type JacobianPayload, type TensorPayload } from '@jacobi/viz';
import { bundles, joined, runNotebook, text, type Output } from './notebook';

/** The notebook under test: one cell per case, tagged by its id in metadata. */
const CELLS: Record<string, string> = {
  imports: `import { tensor, randn, tanh, matmul, sum, nn, planChain } from '@jacobi/core';
import { show, showJacobian, showGraph, display } from '@jacobi/notebook';`,
  smallTensor: `show(tensor([[1, -2, 3], [4, 5, -6]]), { name: 'W' });`,
  hugeTensor: `show(randn([10000, 1000], { seed: 1, dtype: 'float32' }), { name: 'big' });`,
  jacobian: `const W = tensor([[1, 2, 3], [4, 5, 6]]);
showJacobian((x) => tanh(matmul(W, x)), tensor([0.1, -0.2, 0.3]), { inputNames: ['a', 'b', 'c'], outputNames: ['u', 'v'] });`,
  bigJacobian: `showJacobian((x) => tanh(x), randn([2000], { seed: 2 }), { mode: 'forward' });`,
  graph: `const model = nn.MLP([3, 8, 2]);
const params = model.init({ seed: 0 });
const x = randn([16, 3], { seed: 3 });
showGraph((p: typeof params, xb: typeof x) => sum(tanh(model.apply(p, xb))), [params, x], { highlight: true, memory: true });`,
  chainPlan: `const A = randn([200, 50], { seed: 4 });
const b = randn([1, 200], { seed: 5 });
show(planChain([(v) => matmul(A, v), (v) => tanh(v), (v) => matmul(b, v)], randn([50], { seed: 6 }), { names: ['A', 'tanh', 'b'] }));`,
  live: `const handle = display();
for (let step = 1; step <= 5; step++) handle.update(tensor([step, step * 2]), { name: 'step ' + step });`,
  lastValue: `tensor([1.5, -2, 3])`,
};

let cells: Record<string, Output[]> = {};

beforeAll(() => {
  cells = runNotebook(CELLS);
}, 600_000);

describe('notebook through the real tslab kernel', () => {
  it('runs every cell without an error', () => {
    for (const [id, outputs] of Object.entries(cells)) {
      const errors = outputs.filter((o) => o.output_type === 'error' || (o.output_type === 'stream' && /error/i.test(text(o))));
      expect(errors.map((o) => `${id}: ${o.ename ?? ''} ${o.evalue ?? text(o)}`)).toEqual([]);
    }
  });

  it('show(tensor) sends ONE bundle: payload, SVG and text', () => {
    const sent = bundles(cells.smallTensor);
    expect(sent).toHaveLength(1);
    expect(Object.keys(sent[0]).sort()).toEqual(['application/vnd.jacobi.tensor+json', 'image/svg+xml', 'text/plain']);
    const p = validatePayload(TENSOR_MIME, sent[0][TENSOR_MIME]) as TensorPayload;
    expect(p).toMatchObject({ name: 'W', shape: [2, 3], dtype: 'float64' });
    expect(p.stats).toMatchObject({ min: -6, max: 5, count: 6 });
    expect(joined(sent[0]['image/svg+xml'])).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(joined(sent[0]['text/plain'])).toMatch(/^W: float64 \[2, 3\]/);
  });

  it('a 10-million-element tensor travels summarized, within 300 KB', () => {
    const [b] = bundles(cells.hugeTensor);
    expect(JSON.stringify(b).length).toBeLessThanOrEqual(300_000);
    const p = validatePayload(TENSOR_MIME, b[TENSOR_MIME]) as TensorPayload;
    expect(p.stats.count).toBe(10_000_000);
    expect(p.sampling.method).not.toBe('exact');
  });

  it('showJacobian sends the exact non-square Jacobian with names', () => {
    const [b] = bundles(cells.jacobian);
    expect(Object.keys(b)).toContain(JACOBIAN_MIME);
    const p = validatePayload(JACOBIAN_MIME, b[JACOBIAN_MIME]) as JacobianPayload;
    expect(p).toMatchObject({ outputShape: [2], inputShape: [3], inputNames: ['a', 'b', 'c'], outputNames: ['u', 'v'], mode: 'reverse' });
    expect(joined(b['text/plain'])).toMatch(/∂f\/∂x: f \[2\] ← x \[3\], J is 2 × 3/);
    // the static picture prints the six values of the small Jacobian in their cells
    const values = /<g class="values">(.*?)<\/g>/.exec(joined(b['image/svg+xml']))?.[1] ?? '';
    expect(values.match(/<text [^>]*>-?[0-9.e-]+<\/text>/g)).toHaveLength(6);
  });

  it('a 2000 x 2000 Jacobian bundle stays within 1.5 MB', () => {
    const [b] = bundles(cells.bigJacobian);
    expect(JSON.stringify(b).length).toBeLessThanOrEqual(1_500_000);
    const p = validatePayload(JACOBIAN_MIME, b[JACOBIAN_MIME]) as JacobianPayload;
    expect(p.matrix.shape).toEqual([2000, 2000]);
    expect(p.mode).toBe('forward');
  });

  it('showGraph sends the backward graph (highlighted path) and the memory report', () => {
    const sent = bundles(cells.graph);
    expect(sent).toHaveLength(2);
    const graph = validatePayload(GRAPH_MIME, sent[0][GRAPH_MIME]);
    expect(graph.kind).toBe('graph');
    if (graph.kind !== 'graph') return;
    expect(graph.nodes.filter((n) => n.role === 'param').length).toBe(4); // two weights, two biases
    expect(graph.highlight!.length).toBeGreaterThan(2);
    const memory = validatePayload(GRAPH_MIME, sent[1][GRAPH_MIME]);
    expect(memory.kind).toBe('memory-report');
  });

  it('show(planChain(...)) sends a chain-plan payload under the graph MIME type', () => {
    const sent = bundles(cells.chainPlan);
    expect(sent).toHaveLength(1);
    const p = validatePayload(GRAPH_MIME, sent[0][GRAPH_MIME]);
    expect(p.kind).toBe('chain-plan');
    if (p.kind !== 'chain-plan') return;
    expect(p.links.map((l) => l.shape)).toEqual([[200, 50], [200, 200], [1, 200]]);
    expect(joined(sent[0]['image/svg+xml'])).toContain('<svg');
  });

  it('a live display handle leaves one output holding the last update', () => {
    const sent = bundles(cells.live);
    expect(sent).toHaveLength(1);
    const p = validatePayload(TENSOR_MIME, sent[0][TENSOR_MIME]) as TensorPayload;
    expect(p.name).toBe('step 5');
    expect(p.stats).toMatchObject({ min: 5, max: 10 });
  });

  it('a cell whose last value is a tensor prints its summary', () => {
    const out = cells.lastValue.map(text).join('') + cells.lastValue.map((o) => joined(o.data?.['text/plain'] ?? '')).join('');
    expect(out).toMatch(/tensor\(\[ ?1\.5000?, -2\.0000?, +3\.0000?\], shape=\[3\], dtype=float64\)/);
  });
});
