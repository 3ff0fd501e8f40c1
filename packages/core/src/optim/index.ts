/**
 * Optimizers over pytrees of parameters (SGD with momentum, Adam, AdamW) and a small training
 * loop with callbacks.
 *
 * @example
 * const opt = optim.Adam({ lr: 1e-2 });
 * params = opt.step(params, grad(loss)(params, batch));
 */
export { SGD, Adam, AdamW, type Optimizer, type SGDOptions, type AdamOptions } from './optimizer';
export { train, trainAsync, type TrainConfig, type TrainResult, type StepInfo, type EpochInfo } from './train';
