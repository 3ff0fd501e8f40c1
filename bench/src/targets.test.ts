import { describe, expect, it } from 'vitest';
import type { Row } from './results';
import { evaluateTargets } from './targets';

function row(workload: string, dtype: Row['dtype'], ratios: Row['ratios'], rssRatios: Row['rssRatios'] = {}): Row {
  return { workload, dtype, unit: workload.startsWith('matmul') ? 'GFLOP/s' : 'ms', figures: {}, ratios, rssMB: {}, rssRatios };
}
const byName = (rows: Row[]) => new Map(evaluateTargets(rows).map((t) => [t.target, t]));

describe('evaluateTargets', () => {
  it('judges MLP time ratios strictly below 1 against JS peers and within 3x of PyTorch', () => {
    const t = byName([row('mlp', 'float32', { 'tfjs-cpu': 0.2, 'tfjs-wasm': 1, pytorch: 3 })]);
    expect(t.get('MLP step float32 faster than tfjs cpu')).toMatchObject({ ratio: 0.2, met: true });
    expect(t.get('MLP step float32 faster than tfjs wasm')).toMatchObject({ ratio: 1, met: false });
    expect(t.get('MLP step float32 within 3x of PyTorch')).toMatchObject({ ratio: 3, met: true });
  });
  it('judges matmul by throughput: level with tfjs wasm in float32, 10x jax-js in float64', () => {
    const t = byName([row('matmul-512', 'float32', { 'tfjs-wasm': 0.99 }), row('matmul-512', 'float64', { 'jax-js': 12 })]);
    expect(t.get('matmul float32 n=512 at least level with tfjs wasm')?.met).toBe(false);
    expect(t.get('matmul float64 n=512 at least 10x jax-js')?.met).toBe(true);
  });
  it('judges the Jacobian against PyTorch and the MLP peak RSS against tfjs cpu', () => {
    const t = byName([row('jacrev-256', 'float64', { pytorch: 2.5 }), row('mlp', 'float32', {}, { 'tfjs-cpu': 0.8 })]);
    expect(t.get('Jacobian n=256 float64 (jacrev) within 2x of PyTorch vectorized')?.met).toBe(false);
    expect(t.get('MLP peak RSS float32 no more than tfjs cpu')).toMatchObject({ ratio: 0.8, met: true });
  });
  it('marks targets without a measured ratio as not measured, and has none for tfjs in float64', () => {
    const targets = evaluateTargets([]);
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.every((t) => t.met === null && t.ratio === undefined)).toBe(true);
    expect(targets.some((t) => t.target.includes('float64') && t.target.includes('tfjs'))).toBe(false);
  });
});
