/** The timing loop run inside each child process. */

/** How many repetitions to time: at least `minReps`, at most `reps`, stopping once `budgetMs` is spent. */
export interface TimingPlan {
  reps: number;
  minReps: number;
  budgetMs: number;
}

/** Warm-up: up to this many calls, stopping early once this much time is spent (at least one call).
 * Twenty calls let V8 optimize JavaScript and tier WebAssembly up (five left jacobi's jacrev
 * n=256 about 25% slower than its steady state); slow workloads stop at the time budget. */
export const WARM_UP = { calls: 20, budgetMs: 1000 };

/**
 * Times `step` after warm-up (first calls compile and fill caches in jax-js and tfjs). Returns
 * every repetition's time (ms) and the last result, which the caller reads and releases.
 */
export async function timeSteps<Out>(step: () => Out | Promise<Out>, release: (out: Out) => void, plan: TimingPlan): Promise<{ timesMs: number[]; last: Out }> {
  const once = async () => {
    const t = performance.now();
    const out = await step();
    return { ms: performance.now() - t, out };
  };
  let warm = 0;
  for (let calls = 0; calls < WARM_UP.calls && warm < WARM_UP.budgetMs; calls++) {
    const { ms, out } = await once();
    release(out);
    warm += ms;
  }
  const timesMs: number[] = [];
  let spent = 0;
  for (;;) {
    const { ms, out } = await once();
    timesMs.push(ms);
    spent += ms;
    if (timesMs.length >= plan.reps || (timesMs.length >= plan.minReps && spent >= plan.budgetMs)) return { timesMs, last: out };
    release(out);
  }
}
