import { describe, expect, it } from 'vitest';
import * as J from '../index';

/** Every public op called with a plain array (the usual slip in a notebook) where it needs a tensor. */
const notATensor = [1, 2] as unknown as J.Tensor;
const ops: [string, () => unknown][] = [
  ['exp', () => J.exp(notATensor)],
  ['square', () => J.square(notATensor)],
  ['sum', () => J.sum(notATensor)],
  ['max', () => J.max(notATensor)],
  ['mean', () => J.mean(notATensor)],
  ['variance', () => J.variance(notATensor)],
  ['logsumexp', () => J.logsumexp(notATensor)],
  ['softmax', () => J.softmax(notATensor)],
  ['logSoftmax', () => J.logSoftmax(notATensor)],
  ['reshape', () => J.reshape(notATensor, [2])],
  ['expandDims', () => J.expandDims(notATensor, 0)],
  ['squeeze', () => J.squeeze(notATensor)],
  ['flatten', () => J.flatten(notATensor)],
  ['transpose', () => J.transpose(notATensor)],
  ['moveaxis', () => J.moveaxis(notATensor, 0, 0)],
  ['mT', () => J.mT(notATensor)],
  ['broadcastTo', () => J.broadcastTo(notATensor, [2])],
  ['astype', () => J.astype(notATensor, 'float32')],
  ['stopGradient', () => J.stopGradient(notATensor)],
  ['slice', () => J.slice(notATensor, [])],
  ['index', () => J.index(notATensor, 0)],
  ['pad', () => J.pad(notATensor, [])],
  ['take', () => J.take(notATensor, 0)],
  ['split', () => J.split(notATensor, 1)],
  ['chunk', () => J.chunk(notATensor, 1)],
  ['diag', () => J.diag(notATensor)],
  ['trace', () => J.trace(notATensor)],
  ['norm', () => J.norm(notATensor)],
  ['clip', () => J.clip(notATensor, 0, 1)],
  ['det', () => J.det(notATensor)],
  ['zerosLike', () => J.zerosLike(notATensor)],
];

describe('ops refuse a non-tensor argument by name', () => {
  for (const [name, call] of ops) {
    it(name, () => {
      expect(call).toThrow(new RegExp(`^${name}: expected a Tensor, got an array \\(make it a tensor with tensor\\(\\.\\.\\.\\)\\)$`));
    });
  }

  it('ops with several tensor arguments name the one that is wrong', () => {
    const x = J.ones([2, 2]);
    expect(() => J.matmul(x, notATensor)).toThrow(/^matmul: expected a Tensor for b, got an array/);
    expect(() => J.dot(notATensor, x)).toThrow(/^dot: expected a Tensor for a, got an array/);
    expect(() => J.outer(J.ones([2]), 3 as unknown as J.Tensor)).toThrow(/^outer: expected a Tensor for b, got number/);
    expect(() => J.solve(x, notATensor)).toThrow(/^solve: expected a Tensor for b/);
    expect(() => J.scatterAdd(x, 0, notATensor)).toThrow(/^scatterAdd: expected a Tensor for values/);
    expect(() => J.concat([x, notATensor])).toThrow(/^concat: expected a Tensor for element 1/);
    expect(() => J.stack([notATensor])).toThrow(/^stack: expected a Tensor for element 0/);
    expect(() => J.add(x, notATensor)).toThrow(/^add: expected a Tensor or a number, got an array/);
  });

  it('take refuses non-integer indices as such, out-of-range ones with the axis and shape', () => {
    expect(() => J.take(J.ones([3]), J.tensor([0.5]))).toThrow(/^take: indices must be integers, got 0.5/);
    expect(() => J.take(J.ones([3]), [3])).toThrow(/^take: index 3 is out of range for axis 0 of shape \[3\]/);
  });
});
