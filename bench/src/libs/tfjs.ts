/**
 * TensorFlow.js 4.22 through the umbrella package (it registers the gradients), on its cpu backend
 * or its WebAssembly backend (SIMD build, loaded from the package's own folder). float32 only.
 */
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { MLP_PARAMS, type Inputs, type Workload } from '../workloads';
import type { Prepared } from './library';

async function useBackend(name: 'cpu' | 'wasm'): Promise<Record<string, unknown>> {
  if (name === 'wasm') setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
  if (!(await tf.setBackend(name))) throw new Error(`tfjs: backend ${name} failed to initialize`);
  await tf.ready();
  const info: Record<string, unknown> = { backend: tf.getBackend(), version: tf.version.tfjs };
  if (name === 'wasm') {
    info.simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
    info.threads = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT');
  }
  return info;
}

function load(inputs: Inputs): Record<string, tf.Tensor> {
  const out: Record<string, tf.Tensor> = {};
  for (const [name, { shape, data }] of Object.entries(inputs)) out[name] = tf.tensor(Float32Array.from(data), shape, 'float32');
  return out;
}

/** The same MLP loss as jacobi's, parameters in MLP_PARAMS order. */
function mlpLoss(X: tf.Tensor, Y: tf.Tensor) {
  return (W1: tf.Tensor, b1: tf.Tensor, W2: tf.Tensor, b2: tf.Tensor, W3: tf.Tensor, b3: tf.Tensor): tf.Scalar => {
    const h1 = tf.tanh(tf.add(tf.matMul(X, W1), b1));
    const h2 = tf.tanh(tf.add(tf.matMul(h1, W2), b2));
    const logits = tf.add(tf.matMul(h2, W3), b3);
    return tf.neg(tf.mean(tf.sum(tf.mul(Y, tf.logSoftmax(logits, 1)), 1))) as tf.Scalar;
  };
}

/**
 * The full Jacobian of tanh(W x) by one backward pass over a batch: with X = n copies of x,
 * row i of ∇_X sum(I ∘ tanh(X Wᵀ)) is ∇_x tanh(W x)_i, i.e. row i of the Jacobian.
 */
function batchedJacobian(W: tf.Tensor, x: tf.Tensor, n: number): tf.Tensor {
  const X = tf.tile(tf.reshape(x, [1, n]), [n, 1]);
  const I = tf.eye(n);
  return tf.grad((X: tf.Tensor) => tf.sum(tf.mul(I, tf.tanh(tf.matMul(X, W, false, true)))))(X);
}

/** Sets up workload `w` on TensorFlow.js backend `backend`. */
export async function prepareTfjs(backend: 'cpu' | 'wasm', w: Workload, inputs: Inputs): Promise<Prepared<tf.Tensor[]>> {
  const info = await useBackend(backend);
  const x = load(inputs);
  const run = (f: () => tf.Tensor[]) => () => tf.tidy(f);
  const read = (out: tf.Tensor[]) => out.map((t) => t.dataSync());
  const release = (out: tf.Tensor[]) => tf.dispose(out);
  switch (w.kind) {
    case 'matmul':
      return { step: run(() => [tf.matMul(x.A, x.B)]), read, release, info };
    case 'jacrev':
      return { step: run(() => [batchedJacobian(x.W, x.x, w.n)]), read, release, info };
    case 'jacfwd':
      throw new Error('TensorFlow.js has no forward mode');
    case 'mlp': {
      const valueAndGrads = tf.valueAndGrads(mlpLoss(x.X, x.Y) as (...args: tf.Tensor[]) => tf.Scalar);
      const params = MLP_PARAMS.map((k) => x[k]);
      return {
        step: run(() => {
          const { value, grads } = valueAndGrads(params);
          return [value, ...grads];
        }),
        read,
        release,
        info,
      };
    }
  }
}
