/** The targets of issue 8, each judged from ratios measured in the same run. */
import { LABELS, type Library } from './peers';
import type { Row } from './results';
import type { DType } from './workloads';

/** One target: met is null when the run could not measure it (peer missing, workload skipped). */
export interface TargetResult {
  target: string;
  /** jacobi / peer, of time (ms), throughput (GFLOP/s) or peak RSS. */
  ratio?: number;
  /** The condition on the ratio, e.g. "< 1". */
  condition: string;
  met: boolean | null;
}

interface Spec {
  target: string;
  workload: string;
  dtype: DType;
  peer: Library;
  rss?: boolean;
  condition: string;
  holds: (ratio: number) => boolean;
}

const JS_PEERS: Library[] = ['tfjs-cpu', 'tfjs-wasm', 'jax-js', 'jax-js-jit'];

const SPECS: Spec[] = [
  ...(['float32', 'float64'] as const).flatMap((dtype) =>
    JS_PEERS.map((peer): Spec => ({ target: `MLP step ${dtype} faster than ${LABELS[peer]}`, workload: 'mlp', dtype, peer, condition: '< 1', holds: (r) => r < 1 })),
  ),
  { target: 'MLP step float32 within 3x of PyTorch', workload: 'mlp', dtype: 'float32', peer: 'pytorch', condition: '<= 3', holds: (r) => r <= 3 },
  { target: 'matmul float32 n=512 at least level with tfjs wasm', workload: 'matmul-512', dtype: 'float32', peer: 'tfjs-wasm', condition: 'GFLOP/s >= 1', holds: (r) => r >= 1 },
  { target: 'matmul float64 n=512 at least 10x jax-js', workload: 'matmul-512', dtype: 'float64', peer: 'jax-js', condition: 'GFLOP/s >= 10', holds: (r) => r >= 10 },
  ...(['float32', 'float64'] as const).map((dtype): Spec => ({ target: `Jacobian n=256 ${dtype} (jacrev) within 2x of PyTorch vectorized`, workload: 'jacrev-256', dtype, peer: 'pytorch', condition: '<= 2', holds: (r) => r <= 2 })),
  { target: 'MLP peak RSS float32 no more than tfjs cpu', workload: 'mlp', dtype: 'float32', peer: 'tfjs-cpu', rss: true, condition: 'RSS <= 1', holds: (r) => r <= 1 },
];

/** Evaluates every target on the rows of a run. Targets whose peer has no float64 are left out. */
export function evaluateTargets(rows: readonly Row[]): TargetResult[] {
  return SPECS.filter((s) => !(s.dtype === 'float64' && s.peer.startsWith('tfjs'))).map((s) => {
    const row = rows.find((r) => r.workload === s.workload && r.dtype === s.dtype);
    const ratio = row && (s.rss ? row.rssRatios : row.ratios)[s.peer];
    return { target: s.target, ratio, condition: s.condition, met: ratio === undefined ? null : s.holds(ratio) };
  });
}
