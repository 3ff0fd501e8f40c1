/**
 * The notebook the browser tests run through the tslab kernel: cells that display jacobi payloads
 * (built in the kernel with @jacobi/viz and sent with tslab's display) plus hostile ones.
 */

/** A payload the kernel sends as-is, and whether the renderer must refuse it. */
export interface HostilePayload {
  mime: string;
  /** JSON text sent to the frontend. */
  text: string;
  expectError: boolean;
}

const TENSOR = 'application/vnd.jacobi.tensor+json';
const GRAPH = 'application/vnd.jacobi.graph+json';

/** Jacobi outputs the notebook shows before its hostile ones (signs, jacobian, cube, graph, plan, memory, hostile name). */
export const RENDERED_OUTPUTS = 7;

/** Payloads that must not break the page, inject markup or run script. */
export function hostilePayloads(): HostilePayload[] {
  const script = '<img src="x" onerror="window.__pwned = 1"><script>window.__pwned = 1</script>';
  return [
    // not JSON at all
    { mime: TENSOR, text: script, expectError: true },
    // JSON of the wrong shape, with markup in every string
    { mime: TENSOR, text: JSON.stringify({ version: 1, kind: 'tensor', name: script, shape: 'x', values: script }), expectError: true },
    // a future version this renderer does not know
    { mime: GRAPH, text: JSON.stringify({ version: 99, kind: 'graph', nodes: [], edges: [] }), expectError: true },
    // graph edge naming a node that does not exist
    {
      mime: GRAPH,
      text: JSON.stringify({ version: 1, kind: 'graph', nodes: [{ id: 'a', role: 'op', label: script, shape: [], dtype: 'float64' }], edges: [{ from: 'a', to: script }] }),
      expectError: true,
    },
  ];
}

function code(id: string, source: string) {
  return { cell_type: 'code', id, metadata: {}, execution_count: null, outputs: [], source };
}

/** The test notebook (nbformat 4.5, tslab kernel). */
export function notebookCells() {
  const hostile = hostilePayloads()
    .map((p) => `tslab.display.raw(${JSON.stringify(p.mime)}, ${JSON.stringify(p.text)});`)
    .join('\n');
  const graph = {
    version: 1,
    kind: 'graph',
    title: 'tiny MLP',
    nodes: [
      { id: 'x', role: 'input', label: 'x', shape: [3], dtype: 'float64', requiresGrad: false },
      { id: 'W', role: 'param', label: 'W', shape: [2, 3], dtype: 'float64', requiresGrad: true },
      { id: 'matmul', role: 'op', label: 'matmul', shape: [2], dtype: 'float64', requiresGrad: true, savedBytes: 72 },
      { id: 'tanh', role: 'op', label: 'tanh', shape: [2], dtype: 'float64', requiresGrad: true, savedBytes: 16 },
      { id: 'loss', role: 'output', label: 'loss', shape: [], dtype: 'float64', requiresGrad: true },
    ],
    edges: [
      { from: 'x', to: 'matmul' },
      { from: 'W', to: 'matmul' },
      { from: 'matmul', to: 'tanh' },
      { from: 'tanh', to: 'loss' },
    ],
    totals: { nodes: 5, savedBytes: 88 },
  };
  const plan = {
    version: 1,
    kind: 'chain-plan',
    title: 'chain of three',
    links: [
      { name: 'J1', shape: [100, 3], diagonal: false },
      { name: 'J2', shape: [100, 100], diagonal: true },
      { name: 'J3', shape: [1, 100], diagonal: false },
    ],
    strategies: [
      { name: 'forward', multiplyAdds: 30600, peakMemory: 2400, order: 'J3 (J2 J1)' },
      { name: 'reverse', multiplyAdds: 400, peakMemory: 800, order: '(J3 J2) J1' },
    ],
    best: 'reverse',
    memoryUnit: 'bytes',
  };
  const memory = {
    version: 1,
    kind: 'memory-report',
    title: 'memory of a layer',
    rows: [{ name: 'layer1', heldBytes: 1024, jacobianBytes: 1048576 }],
    totals: { heldBytes: 1024, jacobianBytes: 1048576 },
  };
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } },
    cells: [
      code('setup', [
        'import * as tslab from "tslab";',
        'import { tensorPayload, jacobianPayload, TENSOR_MIME, JACOBIAN_MIME, GRAPH_MIME } from "@jacobi/viz";',
        'import { tensor, grad } from "@jacobi/core";',
        'const send = (mime: string, payload: unknown) => tslab.display.raw(mime, JSON.stringify(payload));',
      ].join('\n')),
      code('signs', 'send(TENSOR_MIME, tensorPayload([1, -1, 0, 2, -2, 0], [2, 3], { name: "signs" }));'),
      code('jacobian', [
        '// d(loss_i)/d(w_j) for y = [w0*w1, w1*w2*3]: computed by the kernel with @jacobi/core',
        'const w = tensor([1, 2, 4]);',
        'const rows = [0, 1].map((i) => grad((v: typeof w) => (i === 0 ? v.mul(tensor([1, 0, 0])).sum().mul(v.mul(tensor([0, 1, 0])).sum()) : v.mul(tensor([0, 1, 0])).sum().mul(v.mul(tensor([0, 0, 3])).sum())))(w).toArray() as number[]);',
        'send(JACOBIAN_MIME, jacobianPayload(rows.flat(), [2], [3], { functionName: "loss", inputName: "w", outputNames: ["y0", "y1"], inputNames: ["w0", "w1", "w2"], mode: "reverse" }));',
      ].join('\n')),
      code('cube', 'send(TENSOR_MIME, tensorPayload([1, 2, 3, 4, -1, -2, -3, -4], [2, 2, 2], { name: "cube" }));'),
      code('graph', `send(GRAPH_MIME, ${JSON.stringify(graph)});`),
      code('plan', `send(GRAPH_MIME, ${JSON.stringify(plan)});`),
      code('memory', `send(GRAPH_MIME, ${JSON.stringify(memory)});`),
      code('hostile-name', 'send(TENSOR_MIME, tensorPayload([1, -1], [2], { name: \'<img src="x" onerror="window.__pwned = 1">\' }));'),
      code('hostile', hostile),
    ],
  };
}
