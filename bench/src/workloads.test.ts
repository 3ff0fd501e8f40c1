import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readInputs, writeInputs } from './inputs';
import { makeInputs, MLP, Rng, workloads } from './workloads';

/** Bitwise equality of two float64 arrays (fast for the large ones). */
const same = (a: Float64Array, b: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

describe('inputs', () => {
  const [matmul256] = workloads(false);
  const mlp = workloads(false).find((w) => w.kind === 'mlp')!;

  it('are the same on every call, and differ between workloads', () => {
    expect(same(makeInputs(matmul256).A.data, makeInputs(matmul256).A.data)).toBe(true);
    expect(makeInputs(mlp).X.data.slice(0, 8)).not.toEqual(makeInputs(matmul256).A.data.slice(0, 8));
  });
  it('jacrev and jacfwd of one size share their inputs', () => {
    const [rev, fwd] = workloads(false).filter((w) => w.n === 256 && w.kind.startsWith('jac'));
    expect(same(makeInputs(rev).W.data, makeInputs(fwd).W.data)).toBe(true);
  });
  it('give the MLP one-hot labels of batch × classes', () => {
    const { Y } = makeInputs(mlp);
    expect(Y.shape).toEqual([MLP.batch, 10]);
    for (let i = 0; i < MLP.batch; i++) expect(Y.data.slice(i * 10, i * 10 + 10).reduce((a, b) => a + b)).toBe(1);
  });
  it('draw normals with mean near 0 and variance near 1', () => {
    const { data } = new Rng(3).normals([20000]);
    const mean = data.reduce((a, b) => a + b) / data.length;
    const variance = data.reduce((a, b) => a + (b - mean) ** 2, 0) / data.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  const dir = mkdtempSync(join(tmpdir(), 'bench-inputs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('survive the trip through files unchanged', () => {
    const inputs = makeInputs(mlp);
    writeInputs(dir, inputs);
    const back = readInputs(dir);
    expect(Object.keys(back)).toEqual(Object.keys(inputs));
    for (const k of Object.keys(inputs)) {
      expect(back[k].shape).toEqual(inputs[k].shape);
      expect(same(back[k].data, inputs[k].data)).toBe(true);
    }
  });
});
