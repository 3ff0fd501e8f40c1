import { describe, it, expect, afterEach } from 'vitest';
import { detectAnomaly, isAnomalyDetectionEnabled, withAnomalyDetection, AnomalyError } from './anomaly';
import { tensor, Tensor } from '../tensor';
import { grad } from '../transforms/autodiff';
import { log, sqrt, exp } from '../ops/unary';
import { mul, sub } from '../ops/binary';
import { sum } from '../ops/reduce';
import { matmul } from '../ops/matmul';
import { randn } from '../random';

function caught(fn: () => unknown): AnomalyError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AnomalyError) return e;
    throw e;
  }
  throw new Error('expected an AnomalyError');
}

afterEach(() => detectAnomaly(false));

describe('anomaly detection', () => {
  const x = tensor([[1, 2, -3], [4, 0.5, 6]]);

  it('is off by default: NaN passes through silently', () => {
    expect(isAnomalyDetectionEnabled()).toBe(false);
    expect(Number.isNaN(sum(log(x)).item())).toBe(true);
  });

  it('names the first forward op that produced NaN, with its input shapes', () => {
    const W = randn([3, 4], { seed: 0 });
    const e = caught(() => withAnomalyDetection(() => sum(exp(matmul(log(x), W)))));
    expect(e.phase).toBe('forward');
    expect(e.op).toBe('log');
    expect(e.inputShapes).toEqual([[2, 3]]);
    expect(e.value).toBe('NaN');
    expect(e.message).toMatch(/forward op 'log' produced NaN \(1 of 6 values\); its inputs had shapes \[2, 3\] \(float64\)$/);
    expect(isAnomalyDetectionEnabled()).toBe(false); // restored
  });

  it('reports Inf too, and notes when the inputs were already bad', () => {
    const e = caught(() => withAnomalyDetection(() => exp(mul(x, 1000))));
    expect([e.op, e.value]).toEqual(['exp', 'Inf']);
    detectAnomaly(true);
    const bad = new Tensor([2], 'float64', new Float64Array([NaN, 1]));
    expect(caught(() => sub(bad, 1)).message).toMatch(/'sub' produced NaN.*inputs already held NaN\/Inf/);
  });

  it('names the op whose backward pass produced NaN/Inf, and the op inside its VJP rule', () => {
    // sqrt(0) = 0 is fine forward, but its VJP 0.5 / sqrt(x) divides by zero.
    const f = (v: Tensor) => sum(sqrt(mul(v, v)));
    const at = tensor([[0, 1], [2, 3], [4, 5]]);
    expect(Array.from(grad(f)(at).data).some((v) => !Number.isFinite(v))).toBe(true); // silent when off
    const e = caught(() => withAnomalyDetection(() => grad(f)(at)));
    expect(e.phase).toBe('backward');
    expect(e.op).toBe('sqrt');
    expect(e.innerOp).toBe('div');
    expect(e.inputShapes).toEqual([[3, 2]]);
    expect(e.message).toMatch(/backward pass of 'sqrt' \(its VJP with respect to input 0\) produced Inf \(1 of 6 values\) in op 'div'; 'sqrt' had input shapes \[3, 2\]/);
  });

  it('leaves finite computations and their gradients unchanged', () => {
    const f = (v: Tensor) => sum(exp(mul(v, 0.5)));
    const a = randn([4, 3], { seed: 1 });
    const off = grad(f)(a).toArray();
    expect(withAnomalyDetection(() => grad(f)(a).toArray())).toEqual(off);
    // second order runs VJP rules inside VJP rules
    const h = (v: Tensor) => sum(mul(grad(f)(v), v));
    expect(withAnomalyDetection(() => grad(h)(a).toArray())).toEqual(grad(h)(a).toArray());
  });

  it('detectAnomaly(true) stays on until turned off', () => {
    detectAnomaly(true);
    expect(isAnomalyDetectionEnabled()).toBe(true);
    expect(() => log(tensor([-1]))).toThrow(AnomalyError);
    detectAnomaly(false);
    expect(Number.isNaN(log(tensor([-1])).item())).toBe(true);
  });
});
