import Module, { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backwardGraph, jacobian, matmul, memoryReport, mul, nn, planChain, randn, sum, tanh, tensor, type Tensor } from '@jacobi/core';
import { decodeArray, GRAPH_MIME, JACOBIAN_MIME, TENSOR_MIME, validatePayload, type GraphPayload, type JacobianPayload } from '@jacobi/viz';
import { display, kernelDisplayWriter, show, showGraph, showJacobian, toPayload, type DisplayContent } from './index';

/** A stand-in for the running kernel's tslab/dist/jupyter.js, registered in the module cache. */
const FAKE_PATH = '/fake-kernel/node_modules/tslab/dist/jupyter.js';
let sent: { content: DisplayContent; update: boolean }[] = [];

beforeEach(() => {
  sent = [];
  const cache = createRequire(`${process.cwd()}/`).cache;
  const mod = new Module(FAKE_PATH);
  mod.exports = { lastWriteDisplayData: (content: DisplayContent, update: boolean) => sent.push({ content, update }) };
  cache[FAKE_PATH] = mod;
});

afterEach(() => {
  delete createRequire(`${process.cwd()}/`).cache[FAKE_PATH];
});

const bundle = (k = 0) => sent[k].content.data;

describe('finding the kernel', () => {
  it('uses the writer of the loaded tslab/dist/jupyter.js and fails clearly without one', () => {
    expect(kernelDisplayWriter()).toBeTypeOf('function');
    delete createRequire(`${process.cwd()}/`).cache[FAKE_PATH];
    expect(() => show(tensor([1, 2]))).toThrow(/no running tslab kernel found/);
  });
});

describe('show', () => {
  it('sends one bundle with payload, SVG and text for a tensor', () => {
    show(tensor([[1, -2], [3, 4]]), { name: 'W' });
    expect(sent).toHaveLength(1);
    expect(sent[0].update).toBe(false);
    const data = bundle();
    expect(Object.keys(data).sort()).toEqual([TENSOR_MIME, 'image/svg+xml', 'text/plain'].sort());
    // the payload travels as JSON text, which JupyterLab keeps without deep-copying it
    expect(typeof data[TENSOR_MIME]).toBe('string');
    const p = validatePayload(TENSOR_MIME, data[TENSOR_MIME]);
    expect(JSON.parse(data[TENSOR_MIME] as string)).toEqual(p);
    expect([...decodeArray(p.values)]).toEqual([1, -2, 3, 4]);
    expect(p.name).toBe('W');
    expect(data['text/plain']).toMatch(/^W: float64 \[2, 2\]\nmin -2  max 4/);
    expect(String(data['image/svg+xml'])).toMatch(/^<svg /);
  });

  it('summarizes a 10-million-element tensor within 300 KB', () => {
    const x = randn([10_000, 1000], { seed: 1, dtype: 'float32' });
    show(x);
    const size = JSON.stringify(bundle()).length;
    expect(size).toBeLessThan(300_000);
    const p = validatePayload(TENSOR_MIME, bundle()[TENSOR_MIME]);
    expect(p.stats.count).toBe(10_000_000);
    expect(Math.abs(p.stats.mean!)).toBeLessThan(0.01);
    expect(p.stats.std!).toBeGreaterThan(0.99);
  });

  it('names what it cannot show', () => {
    expect(() => show({ a: 1 })).toThrow(/cannot show an object with keys a/);
    expect(() => show(42)).toThrow(/cannot show number/);
  });
});

describe('showJacobian', () => {
  it('shows the exact non-square Jacobian of x -> W x with names and the chosen mode', () => {
    const W = tensor([[1, 2, 3], [4, 5, 6]]);
    showJacobian((x: Tensor) => matmul(W, x), tensor([0.1, 0.2, 0.3]), { inputNames: ['a', 'b', 'c'], outputNames: ['u', 'v'] });
    const p = validatePayload(JACOBIAN_MIME, bundle()[JACOBIAN_MIME]) as JacobianPayload;
    expect(p.matrix.shape).toEqual([2, 3]);
    expect([...decodeArray(p.matrix.values)]).toEqual([...W.data]);
    expect(p.mode).toBe('reverse'); // 2 outputs < 3 inputs
    expect(p.inputNames).toEqual(['a', 'b', 'c']);
    expect(bundle()['text/plain']).toMatch(/^∂f\/∂x: f \[2\] ← x \[3\], J is 2 × 3 \(reverse mode\)/);
  });

  it('keeps a 2000 x 2000 Jacobian bundle within 1.5 MB', () => {
    const x = randn([2000], { seed: 3 });
    showJacobian((v: Tensor) => tanh(v), x, { mode: 'forward' });
    expect(JSON.stringify(bundle()).length).toBeLessThan(1_500_000);
    const p = validatePayload(JACOBIAN_MIME, bundle()[JACOBIAN_MIME]) as JacobianPayload;
    expect(p.matrix.stats.count).toBe(4_000_000);
    // diagonal Jacobian: 2000 nonzeros 1 - tanh^2, all in (0, 1]
    expect(p.matrix.stats.max!).toBeLessThanOrEqual(1);
    expect(p.matrix.stats.min).toBe(0);
  });
});

describe('showGraph and display handles', () => {
  const model = nn.Linear(3, 2);
  const params = model.init({ seed: 0 });
  const loss = (p: typeof params, x: Tensor) => sum(tanh(model.apply(p, x)));
  const x = randn([4, 3], { seed: 2 });

  it('shows the backward graph with the path to a parameter highlighted, and the memory report', () => {
    const g = backwardGraph(loss)(params, x);
    const weight = g.nodes.find((n) => n.kind === 'parameter' && /weight/.test(n.name ?? ''))!;
    showGraph(loss, [params, x], { highlight: weight.name!, memory: true });
    expect(sent).toHaveLength(2);
    const p = validatePayload(GRAPH_MIME, bundle(0)[GRAPH_MIME]) as GraphPayload;
    expect(p.nodes).toHaveLength(g.nodes.length);
    expect(p.highlight![0]).toBe(String(g.outputs[0]));
    expect(p.highlight!.at(-1)).toBe(String(weight.id));
    expect(p.nodes.find((n) => n.id === String(weight.id))!.role).toBe('param');
    // the gradient reaching the weight travels with the payload
    expect(p.nodes.find((n) => n.id === String(weight.id))!.grad).toEqual(weight.grad);
    expect(weight.grad!.norm).toBeGreaterThan(0);
    const memory = validatePayload(GRAPH_MIME, bundle(1)[GRAPH_MIME]);
    expect(memory.kind).toBe('memory-report');
    expect(memory.kind === 'memory-report' && memory.totals.jacobianBytes).toBe(memoryReport(g).jacobianBytes);
    expect(() => showGraph(g, { highlight: 'nope' })).toThrow(/no parameter named 'nope'/);
  });

  it('updates one output in place', () => {
    const d = display();
    d.update(tensor([1]));
    d.update(tensor([1, 0.5]));
    d.update('done');
    expect(sent.map((s) => s.update)).toEqual([false, true, true]);
    expect(new Set(sent.map((s) => s.content.transient.display_id))).toEqual(new Set([d.id]));
    expect(bundle(2)).toEqual({ 'text/plain': 'done' });
  });

  it('passes ready payloads through validation', () => {
    const p = toPayload(tensor([1, 2, 3]));
    expect(toPayload(p)).toEqual(p);
    expect(() => toPayload({ ...p, shape: [4] })).toThrow(/stats\/count is 3 but shape \[4\] has 4 elements/);
  });
});

describe('chain plans', () => {
  it('shows planChain(...) with forward, reverse and the optimal order', () => {
    // R^50 -> R^200 -> R^200 (elementwise) -> R^1: reverse mode is the cheap one here
    const A = randn([200, 50], { seed: 4 });
    const b = randn([1, 200], { seed: 5 });
    const plan = planChain([(v: Tensor) => matmul(A, v), (v: Tensor) => tanh(v), (v: Tensor) => matmul(b, v)], randn([50], { seed: 6 }), { names: ['A', 'tanh', 'b'] });
    show(plan);
    const p = validatePayload(GRAPH_MIME, bundle()[GRAPH_MIME]);
    if (p.kind !== 'chain-plan') throw new Error(`expected a chain plan, got ${p.kind}`);
    const e = plan.explain();
    expect(p.links).toEqual([{ name: 'A', shape: [200, 50], diagonal: false }, { name: 'tanh', shape: [200, 200], diagonal: true }, { name: 'b', shape: [1, 200], diagonal: false }]);
    expect(p.strategies.map((s) => s.multiplyAdds)).toEqual([e.forward.multiplyAdds, e.reverse.multiplyAdds, e.optimal.multiplyAdds]);
    expect(p.strategies.find((s) => s.name === p.best)!.multiplyAdds).toBe(Math.min(e.forward.multiplyAdds, e.reverse.multiplyAdds, e.optimal.multiplyAdds));
    expect(String(bundle()['text/plain'])).toContain('* optimal');
  });
});

describe('show(J, { wrt })', () => {
  it('splits a jacrev result into output and input shapes', () => {
    const W = randn([2, 3, 4], { seed: 7 });
    const x = randn([3, 4], { seed: 8 });
    // f(x) = sum over the last axis of W * x: output [2, 3], Jacobian [2, 3, 3, 4]
    const J = jacobian((v: Tensor) => sum(mul(W, v), -1))(x);
    show(J, { wrt: x, functionName: 'g' });
    const p = validatePayload(JACOBIAN_MIME, bundle()[JACOBIAN_MIME]) as JacobianPayload;
    expect(p).toMatchObject({ outputShape: [2, 3], inputShape: [3, 4], functionName: 'g' });
    expect(p.matrix.shape).toEqual([6, 12]);
    expect([...decodeArray(p.matrix.values)]).toEqual([...Float32Array.from(J.data)]);
    expect(() => show(J, { wrt: [5] })).toThrow(/Jacobian of shape \[2, 3, 3, 4\] does not end with the input shape \[5\]/);
  });
});

describe('plot', () => {
  it('sends the line plot as SVG and a text table, and a display handle can redraw it in place', async () => {
    const { plot } = await import('./index');
    plot({ x: [1, 2, 3], series: [{ name: 'loss', y: [3, 2, 1] }], title: 'training' });
    expect(Object.keys(bundle()).sort()).toEqual(['image/svg+xml', 'text/plain']);
    expect(bundle()['image/svg+xml']).toContain('<path');
    expect(bundle()['text/plain']).toBe('training (x: 1, 2, 3)\n  loss: 3, 2, 1');
    const live = display();
    live.update({ series: [{ name: 'loss', y: [1] }] });
    live.update({ series: [{ name: 'loss', y: [1, 0.5] }] });
    expect(sent.slice(1).map((s) => s.update)).toEqual([false, true]);
    expect(sent[2].content.transient.display_id).toBe(sent[1].content.transient.display_id);
    expect(sent[2].content.data['text/plain']).toContain('1, 0.5');
  });
});
