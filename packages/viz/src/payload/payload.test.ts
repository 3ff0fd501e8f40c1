import { describe, expect, it } from 'vitest';
import {
  base64ToBytes,
  bytesToBase64,
  computeStats,
  decodeArray,
  displaySteps,
  downsample,
  encodeArray,
  GRAPH_MIME,
  JACOBIAN_MIME,
  jacobianPayload,
  PayloadError,
  TENSOR_MIME,
  tensorPayload,
  validatePayload,
  type GraphPayload,
} from '../index';

function randomValues(n: number, seed = 1): Float64Array {
  let s = seed;
  return Float64Array.from({ length: n }, () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647 - 0.5;
  });
}

describe('base64', () => {
  it('round-trips every length modulo 3 and matches Node Buffer', () => {
    for (let n = 0; n < 10; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 13) & 255);
      const text = bytesToBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect([...base64ToBytes(text)]).toEqual([...bytes]);
    }
  });

  it('encodes typed arrays little-endian and decodes them back', () => {
    const a = Float64Array.from([1.5, -2, Math.PI, NaN, Infinity]);
    const enc = encodeArray(a, [5]);
    expect(Buffer.from(enc.data, 'base64').readDoubleLE(16)).toBe(Math.PI);
    expect([...decodeArray(enc)]).toEqual([...a]);
    const f = Float32Array.from([0.25, -8]);
    expect([...decodeArray(encodeArray(f, [1, 2]))]).toEqual([0.25, -8]);
  });

  it('refuses bad characters and shape/byte mismatches', () => {
    expect(() => base64ToBytes('ab$d')).toThrow(/invalid character at offset 2/);
    expect(() => encodeArray(new Float32Array(5), [2, 2])).toThrow(/\[2, 2\] holds 4 elements but the array has 5/);
    expect(() => decodeArray({ dtype: 'float32', shape: [3], data: bytesToBase64(new Uint8Array(8)) })).toThrow(/needs 12 bytes, data has 8/);
  });
});

describe('statistics and downsampling', () => {
  it('computes stats of the finite values and counts NaN/Inf', () => {
    const values = [1, 2, 3, 4, NaN, Infinity, -Infinity, -Infinity];
    const s = computeStats(values, 3);
    expect(s).toMatchObject({ count: 8, min: 1, max: 4, mean: 2.5, nanCount: 1, posInfCount: 1, negInfCount: 2, absMax: 4 });
    expect(s.std).toBeCloseTo(Math.sqrt(1.25), 12);
    expect(s.histogram.counts.reduce((a, b) => a + b)).toBe(4);
    expect(computeStats([NaN]).min).toBeNull();
  });

  it('keeps the signed largest magnitude of each block and propagates NaN', () => {
    // 3x4 -> blocks of 2x2: [[1,-5],[3,7]] [[2,0],[NaN,1]] / [[-9,0,...]]
    const values = [1, -5, 2, 0, 3, 7, NaN, 1, -9, 0, 4, 4];
    const out = downsample(values, [3, 4], [2, 2], 'maxabs');
    expect([...out.slice(0, 1)]).toEqual([7]);
    expect(Number.isNaN(out[1])).toBe(true);
    expect([...out.slice(2)]).toEqual([-9, 4]);
    expect([...downsample(values, [3, 4], [2, 2], 'stride')].slice(2)).toEqual([-9, 4]);
    expect([...downsample([1, 2, 3, 5], [4], [2], 'mean')]).toEqual([1.5, 4]);
  });

  it('chooses display steps within the budget, keeping equal axes equal and short axes whole', () => {
    expect(displaySteps([2000, 2000], 102_400)).toEqual([7, 7]); // 286 x 286
    expect(displaySteps([3, 5000], 1000)).toEqual([1, 16]); // 3 x 313 (step 15 would give 3 x 334 > 1000)
    expect(displaySteps([10, 10], 100)).toEqual([1, 1]);
    for (const shape of [[7, 13, 2000], [1, 1], [100_000], [999, 3]]) {
      const steps = displaySteps(shape, 500);
      expect(shape.reduce((s, n, a) => s * Math.ceil(n / steps[a]), 1)).toBeLessThanOrEqual(500);
    }
  });

  it('bounds a 10-million-element tensor to the display budget with full-tensor stats', () => {
    const n = 10_000_000;
    const values = new Float32Array(n);
    for (let i = 0; i < n; i++) values[i] = (i % 1000) / 1000;
    values[1234567] = NaN;
    const p = tensorPayload(values, [1000, 10_000], { dtype: 'float32' });
    expect(p.values.shape[0] * p.values.shape[1]).toBeLessThanOrEqual(16_384);
    expect(p.stats.nanCount).toBe(1);
    expect(p.stats.count).toBe(n);
    expect(JSON.stringify(p).length).toBeLessThan(120_000);
  });
});

describe('validatePayload', () => {
  const tensor = tensorPayload(randomValues(12), [3, 4], { name: 'w' });

  it('accepts an object or its JSON text and returns it typed', () => {
    expect(validatePayload(TENSOR_MIME, tensor).name).toBe('w');
    expect(validatePayload(TENSOR_MIME, JSON.stringify(tensor)).shape).toEqual([3, 4]);
  });

  it('names the path and reason of each schema problem', () => {
    const bad = { ...tensor, shape: [3, -4], extra: 1 };
    expect(() => validatePayload(TENSOR_MIME, bad)).toThrow(PayloadError);
    expect(() => validatePayload(TENSOR_MIME, bad)).toThrow(/\/shape\/1 must be >= 0/);
    expect(() => validatePayload(TENSOR_MIME, bad)).toThrow(/additional properties 'extra'/);
    expect(() => validatePayload(TENSOR_MIME, { ...tensor, version: 2 })).toThrow(/unsupported version 2/);
    expect(() => validatePayload(TENSOR_MIME, '{oops')).toThrow(/not valid JSON/);
    expect(() => validatePayload('text/html', tensor)).toThrow(/unknown MIME type/);
  });

  it('checks base64 length against the shape and the Jacobian matrix against its shapes', () => {
    const short = { ...tensor, values: { ...tensor.values, data: tensor.values.data.slice(8) } };
    expect(() => validatePayload(TENSOR_MIME, short)).toThrow(/values\/data has \d+ base64 characters; float32 \[3, 4\] needs 64/);
    const j = jacobianPayload(randomValues(6), [2], [3], { inputNames: ['a', 'b', 'c'] });
    expect(j.matrix.shape).toEqual([2, 3]);
    expect(() => validatePayload(JACOBIAN_MIME, { ...j, inputShape: [4] })).toThrow(/must be \[2, 4\]/);
    expect(() => validatePayload(JACOBIAN_MIME, { ...j, inputNames: ['a'] })).toThrow(/inputNames has 1 names for 3 inputs/);
  });

  it('accepts the three kinds of the graph MIME type and checks node references', () => {
    const graph: GraphPayload = {
      version: 1, kind: 'graph',
      nodes: [
        { id: 'x', role: 'input', label: 'x', shape: [3], dtype: 'float64' },
        { id: 'y', role: 'op', label: 'tanh', shape: [3], dtype: 'float64', savedBytes: 24 },
      ],
      edges: [{ from: 'x', to: 'y' }],
      highlight: ['y', 'x'],
    };
    expect(validatePayload(GRAPH_MIME, graph).kind).toBe('graph');
    expect(() => validatePayload(GRAPH_MIME, { ...graph, edges: [{ from: 'x', to: 'z' }] })).toThrow(/edges\/0\/to names unknown node 'z'/);
    const plan = {
      version: 1, kind: 'chain-plan', links: [{ name: 'f1', shape: [4, 3], diagonal: false }],
      strategies: [{ name: 'forward', multiplyAdds: 12, peakMemory: 96, order: 'J1' }], best: 'forward', memoryUnit: 'bytes',
    };
    expect(validatePayload(GRAPH_MIME, plan).kind).toBe('chain-plan');
    expect(() => validatePayload(GRAPH_MIME, { ...plan, best: 'magic' })).toThrow(/best 'magic' is not one of the strategies/);
    const memory = { version: 1, kind: 'memory-report', rows: [{ name: 'l1', heldBytes: 8, jacobianBytes: 800 }], totals: { heldBytes: 8, jacobianBytes: 800 } };
    expect(validatePayload(GRAPH_MIME, memory).kind).toBe('memory-report');
    expect(() => validatePayload(GRAPH_MIME, { ...memory, kind: 'pie' })).toThrow(/kind must be equal to one of the allowed values/);
  });
});
