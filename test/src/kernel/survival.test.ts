/**
 * The kernel survives failing shows, and huge displays stay within their payload caps — through
 * the REAL tslab kernel. Every failing cell is followed by a cell that shows a small tensor: its
 * output arriving proves the kernel kept running after the failure. Huge cells report their own
 * timings on stdout; the test measures what reached the notebook.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_JACOBIAN_DISPLAY,
  DEFAULT_TENSOR_DISPLAY,
  GRAPH_MIME,
  JACOBIAN_MIME,
  TENSOR_MIME,
  validatePayload,
  type JacobianPayload,
  type TensorPayload,
} from '@jacobi/viz';
import { bundles, runNotebook, text, type CellSpec, type Output } from './notebook';

/** A cell that must fail, and what its error message must name. */
interface Failing { id: string; source: string; message: RegExp }

const FAILING: Failing[] = [
  { id: 'undefined', source: 'show(undefined);', message: /show: cannot show undefined/ },
  { id: 'null', source: 'show(null);', message: /show: cannot show null/ },
  { id: 'string', source: "show('hello' as unknown);", message: /show: cannot show string/ },
  { id: 'function', source: 'show((() => 1) as unknown);', message: /show: cannot show function/ },
  { id: 'plain-object', source: 'show({ rows: 3, cols: 4 });', message: /cannot show an object with keys rows, cols/ },
  { id: 'jacobian-throws', source: "showJacobian((x) => { throw new Error('f broke at x'); }, tensor([1, 2]));", message: /f broke at x/ },
  { id: 'jacobian-not-function', source: 'showJacobian(42 as any, tensor([1, 2]));', message: /showJacobian: first argument must be a function/ },
  { id: 'jacobian-not-tensor', source: 'showJacobian((x) => tanh(x), [1, 2] as any);', message: /showJacobian: second argument must be a Tensor/ },
  { id: 'jacobian-shape-error', source: 'showJacobian((x) => matmul(tensor([[1, 2, 3]]), x), tensor([1, 2]));', message: /matmul.*\[1, 3\].*\[2\]/ },
  { id: 'graph-throws', source: "showGraph((x: any) => { throw new Error('loss exploded'); }, [tensor([1])]);", message: /loss exploded/ },
  { id: 'graph-no-args', source: 'showGraph(((x: any) => sum(x)) as any, tensor([1]) as any);', message: /showGraph\(f, args, options\): args must be an array/ },
  { id: 'graph-unknown-param', source: "showGraph((p: any) => sum(tanh(p.w)), [{ w: tensor([1, 2]) }], { highlight: 'layers.9.weight' });", message: /no parameter named 'layers\.9\.weight'; parameters are w/ },
  {
    id: 'invalid-payload',
    source: "show({ version: 1, kind: 'tensor', shape: [2, 3], dtype: 'float64', stats: {}, values: { dtype: 'float32', shape: [2, 3], data: 'AAAA' }, sampling: { method: 'exact', step: [1, 1] } });",
    message: /invalid application\/vnd\.jacobi\.tensor\+json payload: \/stats must have required property 'count'/,
  },
  {
    id: 'payload-data-mismatch',
    source: `{ const ok = tensorPayload([1, 2, 3, 4, 5, 6], [2, 3]); show({ ...ok, values: { ...ok.values, shape: [3, 3] } }); }`,
    message: /values\/data has 32 base64 characters; float32 \[3, 3\] needs 48/,
  },
  { id: 'wrt-mismatch', source: 'show(randn([2, 3]), { wrt: [4] });', message: /show: a Jacobian of shape \[2, 3\] does not end with the input shape \[4\]/ },
  { id: 'display-update', source: "display().update(Symbol('x') as unknown);", message: /show: cannot show symbol/ },
];

/** Huge displays: a cell prints `{"case", "ms"}` after its show returns. */
const HUGE: Record<string, string> = {
  tensor50M: `{
  const big = randn([5000, 10000], { seed: 7, dtype: 'float32' });
  const t0 = performance.now();
  show(big, { name: 'fifty million' });
  console.log(JSON.stringify({ case: 'tensor50M', ms: performance.now() - t0 }));
}`,
  jacobian4000: `{
  const t0 = performance.now();
  showJacobian((x) => tanh(x), randn([4000], { seed: 8 }), { mode: 'forward' });
  console.log(JSON.stringify({ case: 'jacobian4000', ms: performance.now() - t0 }));
}`,
  denseJacobian4000: `{
  const J = randn([4000, 4000], { seed: 9 });
  const t0 = performance.now();
  show(J, { wrt: [4000], functionName: 'dense' });
  console.log(JSON.stringify({ case: 'denseJacobian4000', ms: performance.now() - t0 }));
}`,
};

function notebook(): Record<string, CellSpec> {
  const cells: Record<string, CellSpec> = {
    imports: `import { tensor, randn, tanh, matmul, sum } from '@jacobi/core';
import { tensorPayload } from '@jacobi/viz';
import { show, showJacobian, showGraph, display } from '@jacobi/notebook';`,
  };
  FAILING.forEach(({ id, source }, k) => {
    cells[`fail-${id}`] = { source, raises: true };
    cells[`alive-${id}`] = `show(tensor([${k}, ${k + 1}]), { name: 'alive ${k}' });`;
  });
  return { ...cells, ...HUGE, nonScalarGraph: 'showGraph((x: any) => tanh(x), [tensor([1, -2, 3])]);', last: "show(tensor([42]), { name: 'last' });" };
}

let cells: Record<string, Output[]> = {};

beforeAll(() => {
  cells = runNotebook(notebook());
}, 900_000);

/** What a cell wrote to stderr: tslab reports a failed cell there (the error and its stack). */
const stderrOf = (outputs: Output[]) => outputs.filter((o) => o.output_type === 'stream' && o.name === 'stderr').map(text).join('');

/** Timing the huge cell printed, in ms. */
function reportedMs(id: string): number {
  const line = cells[id].filter((o) => o.output_type === 'stream').map(text).join('').trim().split('\n').pop()!;
  return (JSON.parse(line) as { ms: number }).ms;
}

describe('the tslab kernel survives failing shows', () => {
  it.each(FAILING.map((f, k) => [f.id, f, k] as const))('%s: the cell shows an error naming the problem, and the next cell runs', (_, { id, message }, k) => {
    // the error itself (its first line), not just somewhere in the stack
    const error = stderrOf(cells[`fail-${id}`]).split('\n').find((line) => /^\w*Error: /.test(line));
    expect(error, `cell fail-${id} should show an error`).toBeDefined();
    expect(error).toMatch(message);
    // nothing half-sent: a failing show displays nothing
    expect(bundles(cells[`fail-${id}`])).toEqual([]);
    const [alive] = bundles(cells[`alive-${id}`]);
    expect(stderrOf(cells[`alive-${id}`])).toBe('');
    const p = validatePayload(TENSOR_MIME, alive[TENSOR_MIME]) as TensorPayload;
    expect(p).toMatchObject({ name: `alive ${k}`, stats: { min: k, max: k + 1 } });
  });

  it(`after ${FAILING.length} failures the kernel still shows the last cell`, () => {
    const [b] = bundles(cells.last);
    expect((validatePayload(TENSOR_MIME, b[TENSOR_MIME]) as TensorPayload).stats.max).toBe(42);
  });

  it('a graph of a non-scalar output is shown without gradients (nothing to differentiate)', () => {
    const [b] = bundles(cells.nonScalarGraph);
    const p = validatePayload(GRAPH_MIME, b[GRAPH_MIME]);
    expect(p.kind).toBe('graph');
    if (p.kind !== 'graph') return;
    expect(p.nodes.map((n) => n.label)).toContain('tanh');
    expect(p.nodes.every((n) => n.grad === undefined)).toBe(true);
  });
});

describe('huge displays stay within their payload caps', () => {
  /** Bytes of the bundle as it travelled (JSON of all its MIME types). */
  const bundleBytes = (b: Record<string, unknown>) => Buffer.byteLength(JSON.stringify(b));

  it('50 million float32 values travel as at most DEFAULT_TENSOR_DISPLAY values, within 300 KB', () => {
    const [b] = bundles(cells.tensor50M);
    const p = validatePayload(TENSOR_MIME, b[TENSOR_MIME]) as TensorPayload;
    expect(p.stats.count).toBe(50_000_000);
    expect(p.values.shape.reduce((a, c) => a * c, 1)).toBeLessThanOrEqual(DEFAULT_TENSOR_DISPLAY);
    // stats cover every value: randn's 50M samples have mean ~0, std ~1, and reach past ±5
    expect(Math.abs(p.stats.mean!)).toBeLessThan(1e-3);
    expect(p.stats.std!).toBeCloseTo(1, 2);
    expect(p.stats.absMax!).toBeGreaterThan(5);
    const bytes = bundleBytes(b);
    console.log(`50M float32 tensor: bundle ${bytes} bytes, show ${reportedMs('tensor50M').toFixed(0)} ms`);
    expect(bytes).toBeLessThanOrEqual(300_000);
  });

  it.each([['jacobian4000'], ['denseJacobian4000']])('%s: a 4000 x 4000 Jacobian travels as at most DEFAULT_JACOBIAN_DISPLAY cells, within 1.5 MB', (id) => {
    const [b] = bundles(cells[id]);
    const p = validatePayload(JACOBIAN_MIME, b[JACOBIAN_MIME]) as JacobianPayload;
    expect(p.matrix.shape).toEqual([4000, 4000]);
    expect(p.matrix.stats.count).toBe(16_000_000);
    expect(p.matrix.values.shape.reduce((a, c) => a * c, 1)).toBeLessThanOrEqual(DEFAULT_JACOBIAN_DISPLAY);
    const bytes = bundleBytes(b);
    console.log(`${id}: bundle ${bytes} bytes, show ${reportedMs(id).toFixed(0)} ms`);
    expect(bytes).toBeLessThanOrEqual(1_500_000);
  });

  it('the diagonal Jacobian of tanh keeps its diagonal visible after downsampling (maxabs per block)', () => {
    const [b] = bundles(cells.jacobian4000);
    const p = validatePayload(JACOBIAN_MIME, b[JACOBIAN_MIME]) as JacobianPayload;
    // 16M entries, 4000 nonzero: the zeros dominate the count, the diagonal holds every nonzero
    expect(p.matrix.stats.min).toBe(0);
    expect(p.matrix.stats.max!).toBeLessThanOrEqual(1);
    expect(p.matrix.stats.histogram.counts[0]).toBeGreaterThan(16_000_000 - 4000 - 1);
  });
});
