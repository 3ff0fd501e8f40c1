/** jacobi through its public API (the built @jacobi/core), on its default backend. */
import * as jc from '@jacobi/core';
import { MLP_PARAMS, type DType, type Inputs, type Workload } from '../workloads';
import { typed, type Adapter, type Prepared } from './library';

type T = jc.Tensor;

function load(inputs: Inputs, dtype: DType): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [name, { shape, data }] of Object.entries(inputs)) out[name] = jc.tensor(typed(data, dtype), { shape, dtype });
  return out;
}

/** The MLP loss: softmax cross-entropy of tanh(tanh(X W1 + b1) W2 + b2) W3 + b3 against one-hot Y. */
function mlpLoss(p: Record<string, T>, X: T, Y: T): T {
  const h1 = jc.tanh(jc.add(jc.matmul(X, p.W1), p.b1));
  const h2 = jc.tanh(jc.add(jc.matmul(h1, p.W2), p.b2));
  const logits = jc.add(jc.matmul(h2, p.W3), p.b3);
  return jc.neg(jc.mean(jc.sum(jc.mul(Y, jc.logSoftmax(logits, 1)), 1)));
}

export const jacobi: Adapter = async (w: Workload, inputs: Inputs, dtype: DType): Promise<Prepared<T[]>> => {
  const x = load(inputs, dtype);
  const info = { backend: jc.backend().name };
  const read = (out: T[]) => out.map((t) => t.data);
  const release = () => {};
  switch (w.kind) {
    case 'matmul':
      return { step: () => [jc.matmul(x.A, x.B)], read, release, info };
    case 'jacrev':
    case 'jacfwd': {
      const f = (v: T) => jc.tanh(jc.matmul(x.W, v));
      const jac = w.kind === 'jacrev' ? jc.jacrev(f) : jc.jacfwd(f);
      return { step: () => [jac(x.x) as T], read, release, info };
    }
    case 'mlp': {
      const params = Object.fromEntries(MLP_PARAMS.map((k) => [k, x[k]]));
      const step = jc.valueAndGrad((p: Record<string, T>) => mlpLoss(p, x.X, x.Y));
      return {
        step: () => {
          const [loss, grads] = step(params) as [T, Record<string, T>];
          return [loss, ...MLP_PARAMS.map((k) => grads[k])];
        },
        read,
        release,
        info,
      };
    }
  }
};
