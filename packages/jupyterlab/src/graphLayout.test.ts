import { describe, expect, it } from 'vitest';
import type { GraphPayload } from '@jacobi/viz';
import { gradientPath, layoutGraph, outputIds } from './graphLayout';

const node = (id: string, role: GraphPayload['nodes'][number]['role']) => ({ id, role, label: id, shape: [2], dtype: 'float64' });

/** loss = sum(tanh(W @ x) + b); c is a constant that feeds nothing the loss needs. */
const graph: GraphPayload = {
  version: 1,
  kind: 'graph',
  nodes: [node('x', 'input'), node('W', 'param'), node('b', 'param'), node('matmul', 'op'), node('tanh', 'op'), node('add', 'op'), node('loss', 'output'), node('c', 'constant')],
  edges: [
    { from: 'x', to: 'matmul' },
    { from: 'W', to: 'matmul' },
    { from: 'matmul', to: 'tanh' },
    { from: 'tanh', to: 'add' },
    { from: 'b', to: 'add' },
    { from: 'add', to: 'loss' },
  ],
};

describe('layoutGraph', () => {
  it('places every node, inputs above the ops that use them, the loss at the bottom', () => {
    const layout = layoutGraph(graph);
    const y = Object.fromEntries(layout.nodes.map((n) => [n.node.id, n.y]));
    expect(layout.nodes).toHaveLength(graph.nodes.length);
    expect(y.W).toBeLessThan(y.matmul);
    expect(y.matmul).toBeLessThan(y.tanh);
    expect(y.add).toBeLessThan(y.loss);
    expect(layout.edges.every((e) => e.points.length >= 2)).toBe(true);
    for (const n of layout.nodes) {
      expect(n.x + n.width / 2).toBeLessThanOrEqual(layout.width + 1e-9);
      expect(n.y + n.height / 2).toBeLessThanOrEqual(layout.height + 1e-9);
    }
  });
});

describe('gradientPath', () => {
  it('runs from the loss back to a parameter', () => {
    expect(gradientPath(graph, 'W')).toEqual(['loss', 'add', 'tanh', 'matmul', 'W']);
    expect(gradientPath(graph, 'b')).toEqual(['loss', 'add', 'b']);
    expect(gradientPath(graph, 'loss')).toEqual(['loss']);
  });

  it('is empty for a node the loss does not depend on', () => {
    expect(gradientPath(graph, 'c')).toEqual([]);
  });

  it('treats nodes that feed nothing as outputs when none is marked', () => {
    const unmarked = { ...graph, nodes: graph.nodes.map((n) => (n.id === 'loss' ? { ...n, role: 'op' as const } : n)) };
    expect(outputIds(unmarked).sort()).toEqual(['c', 'loss']);
    expect(gradientPath(unmarked, 'x')).toEqual(['loss', 'add', 'tanh', 'matmul', 'x']);
  });
});
