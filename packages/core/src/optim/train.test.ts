import { describe, it, expect } from 'vitest';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as optim from './index';
import * as nn from '../nn';
import * as data from '../data';
import { grad } from '../transforms/autodiff';

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

  it('10,000 training steps of the two-moons MLP keep the heap within a fixed bound', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const model = nn.MLP([2, 16, 16, 2]);
    const g = grad((p: nn.MLPParams, x, y) => nn.softmaxCrossEntropy(model.apply(p, x), y));
    const opt = optim.Adam({ lr: 0.01 });
    const batchesPerEpoch = [...data.batches(moons.train, { batchSize: 32, seed: 0 })];
    let params = model.init({ seed: 0 });
    const heap: number[] = [];
    for (let step = 1; step <= 10_000; step++) {
      const b = batchesPerEpoch[step % batchesPerEpoch.length];
      params = opt.step(params, g(params, b.x, b.y));
      if (step === 1_000 || step === 10_000) {
        gc();
        heap.push(process.memoryUsage().heapUsed);
      }
    }
    // 9,000 more steps may not keep anything alive: allow 2 MB of noise, far below one retained graph per step.
    console.log(`heap growth from step 1,000 to 10,000: ${heap[1] - heap[0]} bytes`);
    expect(heap[1] - heap[0]).toBeLessThan(2 * 1024 * 1024);
    expect(nn.accuracy(model.apply(params, moons.test.x), moons.test.y)).toBeGreaterThanOrEqual(0.97);
  }, 120_000);
});
