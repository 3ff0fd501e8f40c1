/**
 * Neural networks in the functional style: modules describe layers, parameters are pytrees of
 * tensors made by `init`, and `apply(params, x)` is pure, so `grad` differentiates it directly.
 *
 * @example
 * const model = nn.MLP([2, 32, 32, 2], { activation: 'relu' });
 * const params = model.init({ seed: 0 });
 * const loss = (p) => nn.softmaxCrossEntropy(model.apply(p, x), labels);
 * const g = grad(loss)(params); // same structure as params
 */
export { Linear, MLP, Sequential, Activation, ReLU, Tanh, Sigmoid, GELU, Softplus } from './module';
export type { Module, Params, InitOptions, LinearParams, LinearOptions, MLPParams, MLPOptions } from './module';
export { glorotUniform, glorotNormal, heUniform, heNormal, zerosInit, initializers, type Initializer, type InitName } from './init';
export { relu, tanh, sigmoid, gelu, softplus, leakyRelu, identity, activations, type ActivationName } from './activations';
export { mseLoss, softmaxCrossEntropy, binaryCrossEntropyWithLogits, oneHot, accuracy, type Labels } from './losses';
export { namedParameters, parameterCount, treePaths } from './params';
