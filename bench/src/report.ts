/** Markdown tables of a run's rows and targets. */
import { LABELS, LIBRARIES, type Library } from './peers';
import type { Row, Run } from './results';
import type { TargetResult } from './targets';

/** A number with 3 significant digits (no exponent for the sizes met here). */
export function fmt(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toPrecision(3);
}

/** A markdown table from a header and rows of cells. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** The cell of a library that did not report: why, in a word. */
function missing(runs: readonly Run[], row: Row, lib: Library): string {
  const run = runs.find((r) => r.library === lib && r.workload === row.workload && r.dtype === row.dtype);
  if (!run) return '';
  return run.status === 'unsupported' ? '—' : run.status;
}

/** The figures table (`rss` false) or the peak-RSS table; peers' cells carry the ratio jacobi/peer. */
export function figuresTable(rows: readonly Row[], runs: readonly Run[], libraries: readonly Library[], rss: boolean): string {
  const header = ['workload', 'dtype', 'unit', ...libraries.map((l) => LABELS[l])];
  const body = rows.map((row) => {
    const values = rss ? row.rssMB : row.figures;
    const ratios = rss ? row.rssRatios : row.ratios;
    const cells = libraries.map((lib) => {
      const v = values[lib];
      if (v === undefined) return missing(runs, row, lib);
      const r = ratios[lib];
      return lib === 'jacobi' || r === undefined ? fmt(v) : `${fmt(v)} (${fmt(r)}x)`;
    });
    return [row.workload, row.dtype, rss ? 'MB' : row.unit, ...cells];
  });
  return markdownTable(header, body);
}

/** The targets as a markdown table: measured ratio, condition, met / not met. */
export function targetsTable(targets: readonly TargetResult[]): string {
  return markdownTable(
    ['target', 'ratio jacobi/peer', 'condition', 'result'],
    targets.map((t) => [t.target, t.ratio === undefined ? 'n/a' : fmt(t.ratio), t.condition, t.met === null ? 'not measured' : t.met ? 'met' : 'NOT met']),
  );
}

/** Every library used in at least one row, jacobi first, in table order. */
export function librariesIn(runs: readonly Run[]): Library[] {
  return LIBRARIES.filter((l) => runs.some((r) => r.library === l));
}
