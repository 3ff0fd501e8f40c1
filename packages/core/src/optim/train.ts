/**
 * A small training loop: epochs of shuffled mini-batches, one optimizer step per batch, with
 * callbacks after each step and epoch so a notebook can update a live display. `train` runs
 * synchronously; `trainAsync` yields to the event loop after each callback so displays repaint.
 */
import type { Tensor } from '../tensor';
import { valueAndGrad } from '../transforms/autodiff';
import { Generator as Rng } from '../random';
import { batches, type Dataset } from '../data';
import type { Optimizer } from './optimizer';

/** What a callback sees after a step. */
export interface StepInfo<P> {
  /** Steps taken so far (1 after the first). */
  step: number;
  /** Current epoch (0-based). */
  epoch: number;
  /** Loss of the batch just used (before the update). */
  loss: number;
  /** Parameters after the update. */
  params: P;
}

/** What a callback sees after an epoch. */
export interface EpochInfo<P> {
  epoch: number;
  step: number;
  /** Mean batch loss over the epoch. */
  loss: number;
  params: P;
}

/** Configuration of {@link train}. */
export interface TrainConfig<P> {
  /** Initial parameters (a pytree of tensors). */
  params: P;
  /** Scalar loss of the parameters on a batch. */
  loss: (params: P, batch: Dataset) => Tensor;
  optimizer: Optimizer;
  /** Training data, split into shuffled mini-batches each epoch. */
  data: Dataset;
  /** Examples per batch (default 32; use the dataset size for full-batch training). */
  batchSize?: number;
  /** Passes over the data (default 1). */
  epochs?: number;
  /** Stop after this many steps, even mid-epoch. */
  maxSteps?: number;
  /** Seed of the shuffling (default 0). */
  seed?: number;
  /** Called after every step; return false to stop. */
  onStep?: (info: StepInfo<P>) => void | boolean | Promise<void | boolean>;
  /** Called after every epoch; return false to stop. */
  onEpoch?: (info: EpochInfo<P>) => void | boolean | Promise<void | boolean>;
}

/** What {@link train} returns. */
export interface TrainResult<P> {
  /** Final parameters. */
  params: P;
  /** Loss of every step. */
  losses: number[];
  /** Mean loss of every epoch. */
  epochLosses: number[];
  steps: number;
}

type Event<P> = { kind: 'step'; info: StepInfo<P> } | { kind: 'epoch'; info: EpochInfo<P> };

/** The loop itself, yielding after each step and epoch so sync and async drivers share it. */
function* loop<P>(config: TrainConfig<P>, result: TrainResult<P>): Generator<Event<P>, void, boolean> {
  const epochs = config.epochs ?? 1;
  if (!Number.isInteger(epochs) || epochs < 1) throw new RangeError(`train: epochs must be a positive integer, got ${epochs}`);
  const { maxSteps } = config;
  if (maxSteps !== undefined && !(Number.isInteger(maxSteps) && maxSteps > 0)) throw new RangeError(`train: maxSteps must be a positive integer, got ${maxSteps}`);
  const lossAndGrad = valueAndGrad(config.loss);
  const shuffle = new Rng(config.seed ?? 0);
  let stopped = false;
  for (let epoch = 0; epoch < epochs; epoch++) {
    let total = 0;
    let count = 0;
    for (const batch of batches(config.data, { batchSize: config.batchSize ?? 32, generator: shuffle })) {
      const [value, grads] = lossAndGrad(result.params, batch);
      const loss = (value as Tensor).item();
      result.params = config.optimizer.step(result.params, grads);
      result.losses.push(loss);
      result.steps++;
      total += loss;
      count++;
      const go = yield { kind: 'step', info: { step: result.steps, epoch, loss, params: result.params } };
      stopped = go === false || result.steps === maxSteps;
      if (stopped) break;
    }
    result.epochLosses.push(total / count);
    const go = yield { kind: 'epoch', info: { epoch, step: result.steps, loss: total / count, params: result.params } };
    if (stopped || go === false) return;
  }
}

/** Calls the callback for an event, if the config has one. */
function notify<P>(config: TrainConfig<P>, e: Event<P>): void | boolean | Promise<void | boolean> {
  return e.kind === 'step' ? config.onStep?.(e.info) : config.onEpoch?.(e.info);
}

function start<P>(config: TrainConfig<P>): TrainResult<P> {
  if (typeof config?.loss !== 'function') throw new TypeError('train: config.loss must be a function (params, batch) => scalar tensor');
  if (config.optimizer === undefined) throw new TypeError('train: config.optimizer is required, e.g. optim.Adam({ lr: 1e-2 })');
  return { params: config.params, losses: [], epochLosses: [], steps: 0 };
}

/**
 * Trains `config.params` on `config.data` and returns the final parameters and loss history.
 * A callback returning (or resolving to) false stops training; promises are not awaited here —
 * use {@link trainAsync} for that.
 */
export function train<P>(config: TrainConfig<P>): TrainResult<P> {
  const result = start(config);
  const events = loop(config, result);
  let next = events.next();
  while (!next.done) {
    const r = notify(config, next.value);
    next = events.next(r !== false);
  }
  return result;
}

/** Like {@link train}, but awaits each callback and yields to the event loop after it (for live displays). */
export async function trainAsync<P>(config: TrainConfig<P>): Promise<TrainResult<P>> {
  const result = start(config);
  const events = loop(config, result);
  let next = events.next();
  while (!next.done) {
    const e = next.value;
    const r = await notify(config, e);
    if (e.kind === 'step' ? config.onStep : config.onEpoch) await new Promise((resolve) => setImmediate(resolve));
    next = events.next(r !== false);
  }
  return result;
}
