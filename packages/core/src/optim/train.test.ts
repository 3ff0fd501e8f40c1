import { describe, it, expect } from 'vitest';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as optim from './index';
import * as nn from '../nn';
import * as data from '../data';
import { grad } from '../transforms/autodiff';
import { astype } from '../ops/astype';

const moons = data.trainTestSplit(data.twoMoons({ n: 500, noise: 0.15, seed: 1 }), { testFraction: 0.3, seed: 2 });

describe('train', () => {
  it('an MLP on two moons reaches >= 97% test accuracy', () => {
    const model = nn.MLP([2, 32, 32, 2], { activation: 'relu' });
    const loss = (p: nn.MLPParams, b: data.Dataset) => nn.softmaxCrossEntropy(model.apply(p, b.x), b.y);
    const before = nn.accuracy(model.apply(model.init({ seed: 0 }), moons.test.x), moons.test.y);
    const epochs: number[] = [];
    const result = optim.train({
      params: model.init({ seed: 0 }), loss, optimizer: optim.Adam({ lr: 0.01 }), data: moons.train,
      batchSize: 32, epochs: 40, seed: 3, onEpoch: ({ loss }) => void epochs.push(loss),
    });
    const acc = nn.accuracy(model.apply(result.params, moons.test.x), moons.test.y);
    expect(before).toBeLessThan(0.9);
    expect(acc).toBeGreaterThanOrEqual(0.97);
    expect(epochs).toEqual(result.epochLosses);
    expect(result.steps).toBe(40 * Math.ceil(350 / 32));
    expect(result.epochLosses[39]).toBeLessThan(result.epochLosses[0] / 5);
  });

  it('calls onStep after each step and stops when a callback returns false', () => {
    const model = nn.Linear(2, 2);
    const steps: number[] = [];
    const r = optim.train({
      params: model.init(), loss: (p, b) => nn.softmaxCrossEntropy(model.apply(p, b.x), b.y),
      optimizer: optim.SGD({ lr: 0.1 }), data: moons.train, batchSize: 100, epochs: 5,
      onStep: ({ step, epoch }) => { steps.push(epoch); return step < 6; },
    });
    expect(steps).toEqual([0, 0, 0, 0, 1, 1]);
    expect(r.losses.length).toBe(6);
    expect(optim.train({ params: model.init(), loss: (p, b) => nn.softmaxCrossEntropy(model.apply(p, b.x), b.y), optimizer: optim.SGD({ lr: 0.1 }), data: moons.train, maxSteps: 3, epochs: 9 }).steps).toBe(3);
    // maxSteps 0 used to run a whole training (the check only ever compared after a step)
    expect(() => optim.train({ params: model.init(), loss: (p, b) => nn.softmaxCrossEntropy(model.apply(p, b.x), b.y), optimizer: optim.SGD({ lr: 0.1 }), data: moons.train, maxSteps: 0 }))
      .toThrow(/train: maxSteps must be a positive integer, got 0/);
  });

  it('trainAsync awaits callbacks and matches train', async () => {
    const model = nn.MLP([2, 4, 2]);
    const config = {
      params: model.init({ seed: 1 }), loss: (p: nn.MLPParams, b: data.Dataset) => nn.softmaxCrossEntropy(model.apply(p, b.x), b.y),
      data: moons.train, batchSize: 50, epochs: 2,
    };
    const seen: number[] = [];
    const a = await optim.trainAsync({ ...config, optimizer: optim.Adam({ lr: 0.01 }), onStep: async ({ step }) => { await Promise.resolve(); seen.push(step); } });
    const b = optim.train({ ...config, optimizer: optim.Adam({ lr: 0.01 }) });
    expect(seen).toEqual([...Array(14).keys()].map((i) => i + 1));
    expect(a.losses).toEqual(b.losses);
  });

  // A full training loop (model, loss, grad, Adam update) in each dtype. Tensor data lives in
  // ArrayBuffers outside the JS heap, so both are watched: a step that kept its graph alive would
  // hold ~25 KB of saved tensors (float64), 9,000 steps > 200 MB, far above the bounds.
  it.each(['float64', 'float32'] as const)('10,000 training steps (%s) keep the heap and tensor buffers within a fixed bound', (dtype) => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const model = nn.MLP([2, 16, 16, 2]);
    const g = grad((p: nn.MLPParams, x, y) => nn.softmaxCrossEntropy(model.apply(p, x), y));
    const opt = optim.Adam({ lr: 0.01 });
    const batchesPerEpoch = [...data.batches(moons.train, { batchSize: 32, seed: 0 })].map((b) => ({ x: astype(b.x, dtype), y: b.y }));
    let params = model.init({ seed: 0, dtype });
    const memory = () => {
      gc();
      const { heapUsed, arrayBuffers } = process.memoryUsage();
      return { heapUsed, arrayBuffers };
    };
    let before = memory();
    for (let step = 1; step <= 10_000; step++) {
      const b = batchesPerEpoch[step % batchesPerEpoch.length];
      params = opt.step(params, g(params, b.x, b.y));
      if (step === 1_000) before = memory(); // after warm-up: compiled code and caches are in place
    }
    const after = memory();
    const heapGrowth = after.heapUsed - before.heapUsed;
    const bufferGrowth = after.arrayBuffers - before.arrayBuffers;
    console.log(`${dtype}: growth from step 1,000 to 10,000: heap ${heapGrowth} bytes, array buffers ${bufferGrowth} bytes`);
    // Bounds: 2 MB of heap noise (V8 feedback, code), 4 MB of buffers (the test runner's own I/O
    // buffers count too: measured up to 2.3 MB): keeping one step in 50 alive would exceed them.
    expect(heapGrowth).toBeLessThan(2 * 1024 * 1024);
    expect(bufferGrowth).toBeLessThan(4 * 1024 * 1024);
    expect(params.layers[0].weight.dtype).toBe(dtype);
    const test = astype(moons.test.x, dtype);
    expect(nn.accuracy(model.apply(params, test), moons.test.y)).toBeGreaterThanOrEqual(0.97);
  }, 120_000);
});
