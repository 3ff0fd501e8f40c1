/**
 * Loss functions, each the mean over the batch. Written with stable formulas (log-sum-exp,
 * softplus) so that large logits give finite losses and gradients.
 */
import { Tensor } from '../tensor';
import { mul, sub } from '../ops/binary';
import { logsumexp, mean, sum } from '../ops/reduce';
import { zeros } from '../creation';
import { fmt, shapeEq } from '../shape';
import { softplus } from './activations';
import { requireTensor } from '../ops/util';

/** Integer class labels: a number array, an Int32Array, or a tensor holding integer values. */
export type Labels = readonly number[] | Int32Array | Tensor;

/** Mean squared error, mean((prediction − target)²); shapes must match. */
export function mseLoss(prediction: Tensor, target: Tensor): Tensor {
  requireTensor(prediction, 'mseLoss', 'prediction');
  requireTensor(target, 'mseLoss', 'target');
  if (!shapeEq(prediction.shape, target.shape)) {
    throw new Error(`mseLoss: prediction has shape ${fmt(prediction.shape)} but target has shape ${fmt(target.shape)}`);
  }
  const d = sub(prediction, target);
  return mean(mul(d, d));
}

/** One-hot rows [n, classes] (constants, no gradient) for integer labels, checked against `classes`. */
export function oneHot(labels: Labels, classes: number, dtype: Tensor['dtype'] = 'float64', where = 'oneHot'): Tensor {
  const values = labels instanceof Tensor ? labels.data : labels;
  if (labels instanceof Tensor && labels.ndim !== 1) throw new Error(`${where}: labels must be 1-d, got shape ${fmt(labels.shape)}`);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || v < 0 || v >= classes) {
      throw new RangeError(`${where}: label ${v} at index ${i} is not an integer class in [0, ${classes})`);
    }
  }
  // Written directly (one array, no ops): the rows are constants, made once per loss call.
  const rows = zeros([values.length, classes], { dtype });
  const data = rows.data;
  for (let i = 0; i < values.length; i++) data[i * classes + values[i]] = 1;
  return rows;
}

/**
 * Softmax cross-entropy between `logits` [n, classes] and integer `labels` [n]:
 * mean(logsumexp(logits) − logits[label]).
 */
export function softmaxCrossEntropy(logits: Tensor, labels: Labels): Tensor {
  requireTensor(logits, 'softmaxCrossEntropy', 'logits');
  if (logits.ndim !== 2) throw new Error(`softmaxCrossEntropy: logits must be [batch, classes], got shape ${fmt(logits.shape)}`);
  const n = labels instanceof Tensor ? labels.size : labels.length;
  if (n !== logits.shape[0]) throw new Error(`softmaxCrossEntropy: ${n} labels for logits of shape ${fmt(logits.shape)}`);
  const picked = sum(mul(logits, oneHot(labels, logits.shape[1], logits.dtype, 'softmaxCrossEntropy')), 1);
  return mean(sub(logsumexp(logits, 1), picked));
}

/**
 * Binary cross-entropy of `logits` against `targets` in [0, 1] (same shape), from the logits
 * directly: softplus(z) − z·t, finite for any finite logit.
 */
export function binaryCrossEntropyWithLogits(logits: Tensor, targets: Tensor): Tensor {
  requireTensor(logits, 'binaryCrossEntropyWithLogits', 'logits');
  requireTensor(targets, 'binaryCrossEntropyWithLogits', 'targets');
  if (!shapeEq(logits.shape, targets.shape)) {
    throw new Error(`binaryCrossEntropyWithLogits: logits have shape ${fmt(logits.shape)} but targets have shape ${fmt(targets.shape)}`);
  }
  return mean(sub(softplus(logits), mul(logits, targets)));
}

/** Fraction of rows of `logits` [n, classes] whose largest entry is at the label (a plain number). */
export function accuracy(logits: Tensor, labels: Labels): number {
  requireTensor(logits, 'accuracy', 'logits');
  if (logits.ndim !== 2) throw new Error(`accuracy: logits must be [batch, classes], got shape ${fmt(logits.shape)}`);
  const [n, c] = logits.shape;
  const values = labels instanceof Tensor ? labels.data : labels;
  if (values.length !== n) throw new Error(`accuracy: ${values.length} labels for logits of shape ${fmt(logits.shape)}`);
  const d = logits.data;
  let right = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < c; j++) if (d[i * c + j] > d[i * c + best]) best = j;
    if (best === values[i]) right++;
  }
  return n === 0 ? 0 : right / n;
}
