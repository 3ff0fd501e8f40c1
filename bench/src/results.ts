/** The records of a run, as written to results.json (fields documented in bench/README.md). */
import type { CheckGroup } from './agreement';
import { LIBRARIES, type Library } from './peers';
import { gflops, median, ratio } from './stats';
import { flops, type DType, type Workload } from './workloads';

/**
 * ok: measured and agreeing with jacobi; disagrees: its results differ from jacobi's (not
 * reported); unverified: jacobi has no result to compare with; unsupported: the library cannot
 * run this; unavailable: the library is missing here; failed: its process failed.
 */
export type Status = 'ok' | 'disagrees' | 'unverified' | 'unsupported' | 'unavailable' | 'failed';

/** One (library, workload, dtype) measurement: one child process. */
export interface Run {
  library: Library;
  workload: string;
  dtype: DType;
  status: Status;
  /** Why the status is not ok. */
  reason?: string;
  timesMs?: number[];
  medianMs?: number;
  /** GFLOP/s for matmul, otherwise the median in ms. */
  figure?: number;
  maxRssMB?: number;
  checks?: CheckGroup[];
  /** Largest deviation of its results from jacobi's, relative to each output's scale (peers only). */
  deviation?: number;
  info?: Record<string, unknown>;
}

/** One row of the tables: a workload in one dtype, every library's figure and ratio. */
export interface Row {
  workload: string;
  dtype: DType;
  unit: Workload['unit'];
  /** Figure of each library that measured it (status ok, or jacobi's own). */
  figures: Partial<Record<Library, number>>;
  /** jacobi's figure / the peer's. */
  ratios: Partial<Record<Library, number>>;
  rssMB: Partial<Record<Library, number>>;
  /** jacobi's peak RSS / the peer's. */
  rssRatios: Partial<Record<Library, number>>;
}

/** The figure of a run's times: GFLOP/s for matmul, the median in ms otherwise. */
export function figureOf(w: Workload, timesMs: readonly number[]): number {
  const ms = median(timesMs);
  return w.unit === 'GFLOP/s' ? gflops(flops(w), ms) : ms;
}

/** Gathers the runs of each workload × dtype into table rows (only agreeing peers count). */
export function buildRows(workloads: readonly Workload[], dtypes: readonly DType[], runs: readonly Run[]): Row[] {
  const rows: Row[] = [];
  for (const w of workloads) {
    for (const dtype of dtypes) {
      const row: Row = { workload: w.id, dtype, unit: w.unit, figures: {}, ratios: {}, rssMB: {}, rssRatios: {} };
      for (const lib of LIBRARIES) {
        const run = runs.find((r) => r.library === lib && r.workload === w.id && r.dtype === dtype);
        if (run?.status !== 'ok') continue;
        row.figures[lib] = run.figure;
        row.rssMB[lib] = run.maxRssMB;
      }
      for (const lib of LIBRARIES.slice(1)) {
        row.ratios[lib] = ratio(row.figures.jacobi, row.figures[lib]);
        row.rssRatios[lib] = ratio(row.rssMB.jacobi, row.rssMB[lib]);
      }
      if (Object.keys(row.figures).length > 0) rows.push(row);
    }
  }
  return rows;
}
