import { describe, it, expect } from 'vitest';
import * as nn from './index';
import { tensor, Tensor } from '../tensor';
import { randn } from '../random';
import { grad } from '../transforms/autodiff';
import { checkGrads } from '../testing';

const logits = randn([5, 3], { seed: 1 });
const labels = [2, 0, 1, 1, 0];

/** Cross-entropy computed directly from its definition, in plain numbers. */
function referenceCE(z: Tensor, y: readonly number[]): number {
  const [n, c] = z.shape;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const row = Array.from(z.data.slice(i * c, (i + 1) * c));
    total += -Math.log(Math.exp(row[y[i]]) / row.reduce((s, v) => s + Math.exp(v), 0));
  }
  return total / n;
}

describe('mseLoss', () => {
  it('is the mean squared difference and checks shapes', () => {
    const p = tensor([[1, 2], [3, 5]]);
    const t = tensor([[0, 2], [1, 1]]);
    expect(nn.mseLoss(p, t).item()).toBe((1 + 0 + 4 + 16) / 4);
    expect(() => nn.mseLoss(p, tensor([1, 2]))).toThrow(/\[2, 2\].*\[2\]/);
    checkGrads(nn.mseLoss, [randn([3, 2], { seed: 2 }), randn([3, 2], { seed: 3 })]);
  });
});

describe('softmaxCrossEntropy', () => {
  it('matches the definition for labels given as number[], Int32Array or tensor', () => {
    const want = referenceCE(logits, labels);
    expect(nn.softmaxCrossEntropy(logits, labels).item()).toBeCloseTo(want, 12);
    expect(nn.softmaxCrossEntropy(logits, Int32Array.from(labels)).item()).toBeCloseTo(want, 12);
    expect(nn.softmaxCrossEntropy(logits, tensor(labels)).item()).toBeCloseTo(want, 12);
  });

  it('gradient is (softmax − onehot) / n and passes checkGrads', () => {
    const g = grad((z: Tensor) => nn.softmaxCrossEntropy(z, labels))(logits);
    const p = logits.softmax().data;
    g.data.forEach((v: number, k: number) => {
      const [i, j] = [Math.floor(k / 3), k % 3];
      expect(v).toBeCloseTo((p[k] - (labels[i] === j ? 1 : 0)) / 5, 12);
    });
    checkGrads((z) => nn.softmaxCrossEntropy(z, labels), [logits]);
  });

  it('is finite for huge logits', () => {
    const z = tensor([[1000, -1000, 0], [-800, 900, 5]]);
    expect(nn.softmaxCrossEntropy(z, [1, 1]).item()).toBeCloseTo(2000 / 2, 6);
    expect(Array.from(grad((t: Tensor) => nn.softmaxCrossEntropy(t, [1, 1]))(z).data).every(Number.isFinite)).toBe(true);
  });

  it('names bad labels and shapes', () => {
    expect(() => nn.softmaxCrossEntropy(logits, [0, 1, 3, 0, 0])).toThrow(/label 3 at index 2.*\[0, 3\)/);
    expect(() => nn.softmaxCrossEntropy(logits, [0, 1.5, 0, 0, 0])).toThrow(/label 1.5/);
    expect(() => nn.softmaxCrossEntropy(logits, [0, 1])).toThrow(/2 labels for logits of shape \[5, 3\]/);
    expect(() => nn.softmaxCrossEntropy(randn([5]), labels)).toThrow(/\[batch, classes\]/);
  });

  it('losses name a non-tensor argument', () => {
    const notATensor = [[1, 2, 3]] as unknown as Tensor;
    expect(() => nn.softmaxCrossEntropy(notATensor, [0])).toThrow(/^softmaxCrossEntropy: expected a Tensor for logits, got an array/);
    expect(() => nn.mseLoss(logits, notATensor)).toThrow(/^mseLoss: expected a Tensor for target/);
    expect(() => nn.binaryCrossEntropyWithLogits(notATensor, logits)).toThrow(/^binaryCrossEntropyWithLogits: expected a Tensor for logits/);
    expect(() => nn.accuracy(notATensor, [0])).toThrow(/^accuracy: expected a Tensor for logits/);
  });

  it('accuracy counts argmax hits', () => {
    const z = tensor([[0, 2, 1], [3, 0, 0], [0, 0, 1], [1, 0, 0]]);
    expect(nn.accuracy(z, [1, 0, 2, 2])).toBe(0.75);
  });
});

describe('binaryCrossEntropyWithLogits', () => {
  it('matches −t log σ(z) − (1 − t) log(1 − σ(z))', () => {
    const z = randn([4, 2], { seed: 4 });
    const t = tensor([[1, 0], [0, 1], [1, 1], [0, 0.3]]);
    let want = 0;
    z.data.forEach((zi, i) => {
      const s = 1 / (1 + Math.exp(-zi));
      want -= t.data[i] * Math.log(s) + (1 - t.data[i]) * Math.log(1 - s);
    });
    expect(nn.binaryCrossEntropyWithLogits(z, t).item()).toBeCloseTo(want / 8, 12);
    checkGrads((a) => nn.binaryCrossEntropyWithLogits(a, t), [z]);
  });

  it('is finite with a finite gradient for huge logits', () => {
    const z = tensor([1000, -1000, 1000, -1000]);
    const t = tensor([1, 0, 0, 1]);
    expect(nn.binaryCrossEntropyWithLogits(z, t).item()).toBeCloseTo(2000 / 4, 9);
    const g = grad((a: Tensor) => nn.binaryCrossEntropyWithLogits(a, t))(z);
    expect(g.toArray()).toEqual([0, 0, 0.25, -0.25]);
    expect(() => nn.binaryCrossEntropyWithLogits(z, tensor([1, 0]))).toThrow(/\[4\].*\[2\]/);
  });
});

describe('oneHot', () => {
  it('puts a single 1 in each row at the label, in the requested dtype, from any label form', () => {
    for (const given of [[2, 0, 1], Int32Array.of(2, 0, 1), tensor([2, 0, 1])]) {
      const rows = nn.oneHot(given, 4, 'float32');
      expect(rows.dtype).toBe('float32');
      expect(rows.toArray()).toEqual([[0, 0, 1, 0], [1, 0, 0, 0], [0, 1, 0, 0]]);
    }
    expect(nn.oneHot([], 3).shape).toEqual([0, 3]);
    expect(() => nn.oneHot([0, 3], 3)).toThrow(/label 3 at index 1 is not an integer class in \[0, 3\)/);
  });
});
