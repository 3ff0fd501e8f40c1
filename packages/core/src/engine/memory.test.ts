import { describe, expect, it } from 'vitest';
import { grad, randn, tanh, matmul, mul, sum, vjp, onesLike, Tensor } from '../index';
import { backward, ReverseTrace, type ReverseTracer, type Node } from './reverse';
import { withTrace } from './trace';

const gc = (globalThis as { gc?: () => void }).gc;

function heapAfterGc(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

describe('reverse mode memory', () => {
  it('10,000 grad calls do not grow the heap: each backward pass releases what it saved', () => {
    expect(gc, 'vitest must run core tests with --expose-gc').toBeTypeOf('function');
    const W = randn([64, 64], { seed: 0 });
    const x = randn([64], { seed: 1 });
    const loss = (x: Tensor) => sum(tanh(matmul(W, tanh(matmul(W, x)))));
    const step = () => grad(loss)(x);
    for (let i = 0; i < 500; i++) step(); // warm up the JIT
    const before = heapAfterGc();
    for (let i = 0; i < 10_000; i++) step();
    const after = heapAfterGc();
    console.log(`heap growth over 10,000 grad calls: ${((after - before) / 1024).toFixed(0)} KB`);
    // Each call saves ~3 KB of tensors plus graph nodes: retained, 10,000 calls would hold > 30 MB.
    // The bound leaves room for what V8 itself keeps (compiled code, feedback) under load.
    expect(after - before).toBeLessThan(4 * 1024 * 1024);
  }, 120_000); // 10,500 backward passes: seconds on a loaded machine (not a speed check)
});

describe('what the tape keeps', () => {
  it('a backward pass for grad lets each node go of its saved tensors once its rules have run; vjp keeps them', () => {
    const x0 = randn([3, 4], { seed: 2 });
    for (const release of [true, false]) {
      withTrace(new ReverseTrace(), (trace) => {
        const x = trace.leaf(x0);
        const h = tanh(x) as ReverseTracer; // saves its output
        const y = sum(mul(h, h)) as ReverseTracer; // mul saves both inputs
        const nodes = [h.node!, (y.node!.parents[0] as Node)];
        const [g] = backward([y.node!], [onesLike(y.value)], [x.node!], release);
        expect(g!.shape).toEqual([3, 4]);
        expect(nodes.map((n) => n.out === undefined && n.saved.every((s) => s === undefined))).toEqual([release, release]);
      });
    }
    // vjp's pullback may run again: it must still have everything
    const [, pullback] = vjp((t: Tensor) => sum(tanh(mul(t, t))), x0);
    expect(Array.from(pullback(onesLike(sum(x0)))[0].data)).toEqual(Array.from(pullback(onesLike(sum(x0)))[0].data));
  });
});
