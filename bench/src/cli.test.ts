import { describe, expect, it } from 'vitest';
import { parseOptions } from './cli';
import { PEERS } from './peers';
import { selectWorkloads, workloads } from './workloads';

describe('parseOptions', () => {
  it('defaults to every peer, the given output file and one PyTorch thread', () => {
    expect(parseOptions([], 'out.json')).toEqual({ quick: false, only: undefined, peers: [...PEERS], out: 'out.json', torchThreads: 1, help: false });
  });
  it('reads --quick, --only, --peers, --out and --torch-threads', () => {
    const o = parseOptions(['--quick', '--only', 'mlp,matmul-512', '--peers', 'pytorch, tfjs-wasm', '--out', 'r.json', '--torch-threads', '2'], 'x');
    expect(o).toMatchObject({ quick: true, only: ['mlp', 'matmul-512'], peers: ['pytorch', 'tfjs-wasm'], out: 'r.json', torchThreads: 2 });
    expect(parseOptions(['--peers', 'none'], 'x').peers).toEqual([]);
  });
  it('names what is wrong with a bad option', () => {
    expect(() => parseOptions(['--peers', 'numpy'], 'x')).toThrow(/--peers: unknown peer\(s\) numpy/);
    expect(() => parseOptions(['--torch-threads', '0'], 'x')).toThrow(/--torch-threads: expected a positive integer, got 0/);
    expect(() => parseOptions(['--fast'], 'x')).toThrow(/--fast/);
  });
});

describe('selectWorkloads', () => {
  const all = workloads(false);
  it('picks by family, by id, and "jacobian" for both modes', () => {
    expect(selectWorkloads(all, ['matmul']).map((w) => w.id)).toEqual(['matmul-256', 'matmul-512', 'matmul-1024']);
    expect(selectWorkloads(all, ['mlp', 'jacfwd-256']).map((w) => w.id)).toEqual(['mlp', 'jacfwd-256']);
    expect(selectWorkloads(all, ['jacobian']).map((w) => w.kind)).toEqual(['jacrev', 'jacrev', 'jacfwd', 'jacfwd']);
    expect(selectWorkloads(all, undefined)).toEqual(all);
  });
  it('names the choices when nothing matches', () => {
    expect(() => selectWorkloads(all, ['conv'])).toThrow(/--only conv: matches no workload; choose from .*matmul-1024/);
  });
  it('keeps --quick small', () => {
    expect(workloads(true).map((w) => w.id)).toEqual(['matmul-256', 'matmul-512', 'mlp', 'jacrev-256', 'jacfwd-256']);
  });
});
