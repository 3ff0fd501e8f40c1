import { describe, it, expect } from 'vitest';
import { backwardGraph, memoryReport, type BackwardGraph } from './index';
import * as nn from '../nn';
import { randn } from '../random';
import { Tensor } from '../tensor';
import { grad, vjp } from '../transforms/autodiff';
import { mul, sub } from '../ops/binary';
import { sin, tanh } from '../ops/unary';
import { sum } from '../ops/reduce';
import { matmul } from '../ops/matmul';

/** One line per node: id, op or name, shape, inputs. */
const summary = (g: BackwardGraph) =>
  g.nodes.map((n) => `${n.id} ${n.kind === 'op' ? n.op : `${n.kind} ${n.name ?? ''}`.trim()} [${n.shape}]${n.inputs.length ? ` <- ${n.inputs.join(',')}` : ''}${n.requiresGrad ? '' : ' (no grad)'}`);

describe('backwardGraph', () => {
  const model = nn.MLP([3, 4, 2], { activation: 'tanh' });
  const params = model.init({ seed: 0 });
  const x = randn([5, 3], { seed: 1 });
  const y = randn([5, 2], { seed: 2 });
  const loss = (p: nn.MLPParams, x: Tensor, y: Tensor) => nn.mseLoss(model.apply(p, x), y);
  const g = backwardGraph(loss)(params, x, y);

  it('pins the graph of a two-layer network', () => {
    expect(summary(g)).toEqual([
      '0 parameter layers.0.weight [3,4]',
      '1 parameter layers.0.bias [4]',
      '2 parameter layers.1.weight [4,2]',
      '3 parameter layers.1.bias [2]',
      '4 input arg1 [5,3] (no grad)',
      '5 input arg2 [5,2] (no grad)',
      '6 matmul [5,4] <- 4,0',
      '7 add [5,4] <- 6,1',
      '8 tanh [5,4] <- 7',
      '9 matmul [5,2] <- 8,2',
      '10 add [5,2] <- 9,3',
      '11 sub [5,2] <- 10,5',
      '12 mul [5,2] <- 11,11',
      '13 sum [] <- 12',
      '14 constant [] (no grad)',
      '15 div [] <- 13,14',
    ]);
    expect(g.outputs).toEqual([15]);
    expect(g.nodes[13].attrs).toEqual({ axes: [0, 1], keepdims: false });
  });

  it('edges point backward, from each op to its inputs, flagging where gradients flow', () => {
    expect(g.edges.length).toBe(g.nodes.reduce((s, n) => s + n.inputs.length, 0));
    for (const e of g.edges) {
      expect(g.nodes[e.from].inputs[e.arg]).toBe(e.to);
      expect(e.shape).toEqual(g.nodes[e.to].shape);
      expect(e.requiresGrad).toBe(g.nodes[e.to].requiresGrad);
    }
    expect(g.edges.filter((e) => !e.requiresGrad).map((e) => g.nodes[e.to].name ?? g.nodes[e.to].kind)).toEqual(['arg1', 'arg2', 'constant']);
  });

  it('records what each op saves, and totals count each tensor once', () => {
    const saved = (id: number) => g.nodes[id].saved.map((s) => `${s.role}${s.arg ?? ''}:${s.node}:${s.bytes}`);
    expect(saved(6)).toEqual([`input0:4:${x.nbytes}`, `input1:0:${params.layers[0].weight.nbytes}`]);
    expect(saved(8)).toEqual([`output:8:${5 * 4 * 8}`]); // tanh keeps its output
    expect(saved(7)).toEqual([]); // add keeps nothing
    expect(saved(12)).toEqual([`input0:11:${5 * 2 * 8}`, `input1:11:${5 * 2 * 8}`]);
    const activations = 5 * 4 * 8 + 5 * 2 * 8 + 8; // tanh output, residual, the loss itself
    const weightsAndInput = x.nbytes + 3 * 4 * 8 + 4 * 2 * 8 + 8; // + the constant divisor
    expect(g.totals).toEqual({
      nodes: 16, ops: 9, parameters: 4, parameterCount: nn.parameterCount(params),
      savedBytes: activations + weightsAndInput, activationBytes: activations,
      forwardMultiplyAdds: g.nodes.reduce((s, n) => s + n.forwardMultiplyAdds, 0),
      backwardMultiplyAdds: g.nodes.reduce((s, n) => s + n.backwardMultiplyAdds, 0),
    });
    // Both matmuls: batch × in × out multiply-adds forward.
    expect(g.nodes[6].forwardMultiplyAdds).toBe(5 * 3 * 4);
    expect(g.nodes[9].forwardMultiplyAdds).toBe(5 * 4 * 2);
    // The first matmul's VJP only goes to the weight; the second's to the hidden layer and the weight.
    expect(g.nodes[6].backwardMultiplyAdds).toBe(5 * 3 * 4);
    expect(g.nodes[9].backwardMultiplyAdds).toBe(2 * 5 * 4 * 2);
  });

  it('is plain data: survives a JSON round trip', () => {
    expect(JSON.parse(JSON.stringify(g))).toEqual(g);
  });

  it('works for grad-style functions of bare tensors, argnums, and for the graph of a gradient', () => {
    const f = (a: Tensor) => sum(mul(sin(a), a));
    const a = randn([4], { seed: 3 });
    const g1 = backwardGraph(f)(a);
    expect(summary(g1)).toEqual(['0 leaf arg0 [4]', '1 sin [4] <- 0', '2 mul [4] <- 1,0', '3 sum [] <- 2']);
    // second order: the graph grad(f) builds includes the VJP of sin (a cos)
    const g2 = backwardGraph(grad(f))(a);
    expect(g2.nodes.some((n) => n.op === 'cos' && n.requiresGrad)).toBe(true);
    expect(g2.outputs.length).toBe(1);
    const g3 = backwardGraph((w: Tensor, v: Tensor) => sum(matmul(v, w)), { argnums: [0, 1] })(randn([3, 2]), randn([3]));
    expect(g3.nodes.slice(0, 2).map((n) => `${n.kind} ${n.name}`)).toEqual(['leaf arg0', 'leaf arg1']);
    const named = backwardGraph(loss, { argnames: ['params', 'x', 'y'] })(params, x, y);
    expect(named.nodes.slice(0, 6).map((n) => n.name)).toEqual(['layers.0.weight', 'layers.0.bias', 'layers.1.weight', 'layers.1.bias', 'x', 'y']);
    // the graph is the one vjp differentiates: same outputs
    const [out] = vjp(f, a);
    expect(g1.nodes[g1.outputs[0]].shape).toEqual([...out.shape]);
  });

  it('takes parameters with empty branches, like a Sequential with an activation layer', () => {
    const seq = nn.Sequential([nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)]);
    const p = seq.init({ seed: 0 });
    const g = backwardGraph((q: unknown[], xs: Tensor) => sum(seq.apply(q, xs)))(p, randn([4, 2], { seed: 1 }));
    expect(g.nodes.filter((n) => n.kind === 'parameter').map((n) => n.name)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(() => backwardGraph((q: unknown) => q as any)({ a: [], b: {} })).toThrow(/argument 0 is differentiated, so it must be a tensor/);
  });

  it('names bad arguments', () => {
    expect(() => backwardGraph(loss, { argnums: 3 })(params, x, y)).toThrow(/argnums 3 is out of range for 3 argument/);
    expect(() => backwardGraph((n: number) => n as any)(2)).toThrow(/argument 0 is differentiated, so it must be a tensor/);
  });
});

describe('memoryReport', () => {
  it('a 10,000-wide tanh layer: its Jacobian would be 1e8 entries (800 MB); its VJP keeps 80 kB', () => {
    const n = 10_000;
    const r = memoryReport(backwardGraph((v: Tensor) => sum(tanh(v)))(randn([n], { seed: 0 })));
    expect(r.rows.map((row) => row.op)).toEqual(['tanh', 'sum']);
    expect(r.rows[0].jacobianEntries).toBe(n * n);
    expect(r.rows[0].jacobianBytes).toBe(8 * n * n);
    expect(r.rows[0].savedBytes).toBe(8 * n);
    expect(r.jacobianBytes).toBe(8 * n * n + 8 * n); // + the sum's 1 × n Jacobian
    expect(r.heldBytes).toBe(8 * n);
    expect(r.activationBytes).toBe(8 * n);
    expect(r.ratio).toBe((8 * n * n + 8 * n) / (8 * n));
  });

  it('a linear layer: the Jacobian with respect to the weights dwarfs everything the VJP keeps', () => {
    const [batch, din, dout] = [2, 300, 200];
    const layer = nn.Linear(din, dout);
    const p = layer.init({ seed: 1 });
    const xs = randn([batch, din], { seed: 2 });
    const r = memoryReport(backwardGraph((q: nn.LinearParams, v: Tensor) => sum(tanh(layer.apply(q, v))))(p, xs));
    const mm = r.rows.find((row) => row.op === 'matmul')!;
    expect(mm.inputShapes).toEqual([[din, dout]]); // x is not differentiated
    expect(mm.jacobianEntries).toBe(batch * dout * din * dout);
    expect(mm.savedBytes).toBe(8 * (batch * din + din * dout));
    expect(r.heldBytes).toBe(8 * (batch * din + din * dout + batch * dout)); // x, W, tanh output
    expect(r.jacobianBytes).toBeGreaterThan(300 * r.heldBytes);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});

describe('gradients in the backward graph', () => {
  it('each node carries the gradient the backward pass delivers to it', async () => {
    const { backwardGraph, grad, randn, matmul, tanh, sum, tensor } = await import('../index');
    const params = { w: randn([3, 4], { seed: 1 }), b: randn([3], { seed: 2 }) };
    const x = randn([4], { seed: 3 });
    const loss = (p: typeof params, x: any) => sum(tanh(matmul(p.w, x).add(p.b)));
    const graph = backwardGraph(loss, { argnames: ['params', 'x'] })(params, x);
    const g = grad(loss)(params, x);
    const norm = (t: any) => Math.sqrt(Array.from(t.data as Float64Array).reduce((s, v) => s + v * v, 0));
    const node = (name: string) => graph.nodes.find((n) => n.name === name)!;
    expect(node('w').grad!.norm).toBeCloseTo(norm(g.w), 12);
    expect(node('b').grad!.norm).toBeCloseTo(norm(g.b), 12);
    expect(node('b').grad!.absMax).toBeCloseTo(Math.max(...Array.from(g.b.data as Float64Array).map(Math.abs)), 12);
    // d loss / d tanh-output is all ones (sum), so its norm is sqrt(3)
    const t = graph.nodes.find((n) => n.op === 'tanh')!;
    expect(t.grad).toEqual({ norm: Math.sqrt(3), absMax: 1, mean: 1 });
    expect(graph.nodes[graph.outputs[0]].grad).toEqual({ norm: 1, absMax: 1, mean: 1 });
    // inputs that are not differentiated get none; non-scalar outputs have no gradients at all
    expect(node('x').grad).toBeUndefined();
    const vec = backwardGraph((p: typeof params) => tanh(p.b))(params);
    expect(vec.nodes.every((n) => n.grad === undefined)).toBe(true);
    expect(JSON.parse(JSON.stringify(graph)).nodes[0].grad).toBeDefined();
    void tensor;
  });
});
