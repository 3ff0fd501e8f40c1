/**
 * jax-js (@jax-js/jax) on its WebAssembly device, eagerly or with the MLP step under jit. jax-js
 * moves arrays into the ops that use them, so every input reused across steps is passed as `.ref`.
 */
import { MLP_PARAMS, type DType, type Inputs, type Workload } from '../workloads';
import { typed, type Prepared } from './library';

type Jax = typeof import('@jax-js/jax');
type Arr = import('@jax-js/jax').Array;

async function loadJax(): Promise<Jax> {
  // jax-js names Float16Array, which Node 20 lacks; a stub class is enough where float16 is unused.
  const g = globalThis as { Float16Array?: unknown };
  g.Float16Array ??= class Float16Array {};
  const jax = await import('@jax-js/jax');
  const devices = await jax.init('wasm');
  if (!devices.includes('wasm')) throw new Error(`jax-js: the wasm device did not initialize (have ${devices.join(', ')})`);
  jax.defaultDevice('wasm');
  return jax;
}

/** Sets up workload `w` in jax-js; `jit` compiles the MLP step (the only workload measured under jit). */
export async function prepareJax(jit: boolean, w: Workload, inputs: Inputs, dtype: DType): Promise<Prepared<Arr[]>> {
  const jax = await loadJax();
  const np = jax.numpy;
  const x: Record<string, Arr> = {};
  for (const [name, { shape, data }] of Object.entries(inputs)) x[name] = np.array(typed(data, dtype), { shape, dtype: dtype === 'float32' ? np.float32 : np.float64 });
  const info = { device: jax.defaultDevice(), jit };
  const ready = async (out: Arr[]) => {
    await jax.blockUntilReady(out);
    return out;
  };
  const read = (out: Arr[]) => Promise.all(out.map((a) => a.ref.data()));
  const release = (out: Arr[]) => out.forEach((a) => a.dispose());
  if (jit && w.kind !== 'mlp') throw new Error('jax-js jit is measured for the MLP step only');
  switch (w.kind) {
    case 'matmul':
      return { step: () => ready([np.matmul(x.A.ref, x.B.ref)]), read, release, info };
    case 'jacrev':
    case 'jacfwd': {
      const f = (v: Arr) => np.tanh(np.matmul(x.W.ref, v));
      const jac = w.kind === 'jacrev' ? jax.jacrev(f) : jax.jacfwd(f);
      return { step: () => ready([jac(x.x.ref)]), read, release, info };
    }
    case 'mlp': {
      const loss = (p: Record<string, Arr>, X: Arr, Y: Arr): Arr => {
        const h1 = np.tanh(np.add(np.matmul(X, p.W1), p.b1));
        const h2 = np.tanh(np.add(np.matmul(h1, p.W2), p.b2));
        const logits = np.add(np.matmul(h2, p.W3), p.b3);
        return np.negative(np.mean(np.sum(np.multiply(Y, jax.nn.logSoftmax(logits, 1)), 1)));
      };
      const eager = jax.valueAndGrad(loss);
      const vg = jit ? jax.jit(eager) : eager;
      const params = Object.fromEntries(MLP_PARAMS.map((k) => [k, x[k]]));
      return {
        step: () => {
          const [value, grads] = vg(jax.tree.ref(params), x.X.ref, x.Y.ref) as [Arr, Record<string, Arr>];
          return ready([value, ...MLP_PARAMS.map((k) => grads[k])]);
        },
        read,
        release,
        info,
      };
    }
  }
}
