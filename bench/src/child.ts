/**
 * One (library, workload, dtype) measurement in its own process, so its peak RSS is its own.
 * Usage: node dist/child.js '<ChildSpec as JSON>'; prints one line of JSON, a {@link ChildResult}.
 */
import { summarize, type CheckGroup } from './agreement';
import { readInputs } from './inputs';
import { jacobi } from './libs/jacobi';
import type { Adapter } from './libs/library';
import type { TimingPlan } from './timing';
import { timeSteps } from './timing';
import type { DType, Workload } from './workloads';

/** The JavaScript libraries a child can run (PyTorch has its own child, python/torch_child.py). */
export const JS_LIBRARIES = ['jacobi', 'tfjs-cpu', 'tfjs-wasm', 'jax-js', 'jax-js-jit'] as const;
export type JsLibrary = (typeof JS_LIBRARIES)[number];

/** What the harness asks of a child. */
export interface ChildSpec {
  library: string;
  workload: Workload;
  dtype: DType;
  inputsDir: string;
  plan: TimingPlan;
}

/** What a child reports. */
export interface ChildResult {
  timesMs: number[];
  checks: CheckGroup[];
  maxRssKB: number;
  info: Record<string, unknown>;
}

/** Adapters load lazily: a child imports only the library it measures. */
const adapters: Record<JsLibrary, () => Adapter> = {
  jacobi: () => jacobi,
  'tfjs-cpu': () => (w, inputs) => require('./libs/tfjs').prepareTfjs('cpu', w, inputs),
  'tfjs-wasm': () => (w, inputs) => require('./libs/tfjs').prepareTfjs('wasm', w, inputs),
  'jax-js': () => (w, inputs, dtype) => require('./libs/jaxjs').prepareJax(false, w, inputs, dtype),
  'jax-js-jit': () => (w, inputs, dtype) => require('./libs/jaxjs').prepareJax(true, w, inputs, dtype),
};

async function main(spec: ChildSpec): Promise<ChildResult> {
  const adapter = adapters[spec.library as JsLibrary];
  if (!adapter) throw new Error(`child: unknown library ${JSON.stringify(spec.library)}; expected one of ${JS_LIBRARIES.join(', ')}`);
  const prepared = await adapter()(spec.workload, readInputs(spec.inputsDir), spec.dtype);
  const { timesMs, last } = await timeSteps(() => prepared.step(), (out) => prepared.release(out), spec.plan);
  const checks = summarize(spec.workload.outputs, await prepared.read(last));
  return { timesMs, checks, maxRssKB: process.resourceUsage().maxRSS, info: prepared.info };
}

if (require.main === module) {
  main(JSON.parse(process.argv[2]) as ChildSpec).then(
    (result) => console.log(JSON.stringify(result)),
    (e: unknown) => {
      console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
      process.exit(1);
    },
  );
}
