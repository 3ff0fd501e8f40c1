/**
 * `npm run bench`: runs every (library, workload, dtype) in its own child process on the same
 * inputs, checks each peer's results against jacobi's, prints markdown tables and the issue's
 * targets, and writes every raw figure to results.json. Run through ../run.mjs, which builds first.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { deviation, disagreement } from './agreement';
import type { ChildResult, ChildSpec } from './child';
import { parseOptions, USAGE, type Options } from './cli';
import { writeInputs } from './inputs';
import { unsupported, type Library } from './peers';
import { figuresTable, librariesIn, targetsTable } from './report';
import { buildRows, figureOf, type Run } from './results';
import { evaluateTargets } from './targets';
import type { TimingPlan } from './timing';
import { DTYPES, inputKey, makeInputs, selectWorkloads, workloads, type DType, type Workload } from './workloads';

const PYTHON = '/usr/bin/python3';
const CHILD_TIMEOUT_MS = 300_000;

/** Runs one child process and turns its outcome into a Run (status ok, or failed with the reason). */
function runChild(spec: ChildSpec, torchThreads: number): Run {
  const base = { library: spec.library as Library, workload: spec.workload.id, dtype: spec.dtype };
  const [cmd, args] =
    spec.library === 'pytorch'
      ? [PYTHON, [join(__dirname, '..', 'python', 'torch_child.py'), JSON.stringify({ ...spec, threads: torchThreads })]]
      : [process.execPath, [join(__dirname, 'child.js'), JSON.stringify(spec)]];
  const child = spawnSync(cmd, args, { encoding: 'utf8', timeout: CHILD_TIMEOUT_MS, maxBuffer: 1 << 24 });
  const lastLine = child.stdout?.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !lastLine.startsWith('{')) {
    const why = child.error?.message ?? child.stderr?.trim().split('\n').filter(Boolean).slice(-3).join(' / ') ?? `exit ${child.status}`;
    return { ...base, status: 'failed', reason: why };
  }
  const result = JSON.parse(lastLine) as ChildResult;
  return {
    ...base,
    status: 'ok',
    timesMs: result.timesMs,
    figure: figureOf(spec.workload, result.timesMs),
    medianMs: figureOf({ ...spec.workload, unit: 'ms' }, result.timesMs),
    maxRssMB: result.maxRssKB / 1024,
    checks: result.checks,
    info: result.info,
  };
}

/** Why PyTorch cannot be measured here, or null when /usr/bin/python3 imports torch. */
function torchMissing(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8' });
  if (probe.error) return `${PYTHON}: ${probe.error.message}`;
  return probe.status === 0 ? null : `${PYTHON} cannot import torch: ${probe.stderr.trim().split('\n').pop()}`;
}

/** Measures one workload in one dtype: jacobi first, then each peer, checked against jacobi. */
function measure(w: Workload, dtype: DType, opts: Options, inputsDir: string, plan: TimingPlan, torchAbsent: string | null): Run[] {
  const runs: Run[] = [];
  for (const library of ['jacobi', ...opts.peers] as Library[]) {
    const base = { library, workload: w.id, dtype };
    const notHere = unsupported(library, w, dtype) ?? (library === 'pytorch' ? torchAbsent : null);
    let run: Run;
    if (notHere) run = { ...base, status: library === 'pytorch' && torchAbsent ? 'unavailable' : 'unsupported', reason: notHere };
    else run = runChild({ library, workload: w, dtype, inputsDir, plan }, opts.torchThreads);
    const reference = runs[0]?.status === 'ok' ? runs[0].checks : undefined;
    if (run.status === 'ok' && library !== 'jacobi') {
      const checks = run.checks ?? [];
      const differs = reference ? disagreement(reference, checks, dtype) : 'jacobi has no result to compare with';
      if (reference) run.deviation = deviation(reference, checks).relative;
      if (differs) run = { ...run, status: reference ? 'disagrees' : 'unverified', reason: differs };
    }
    const shown = run.status === 'ok' ? `${run.figure?.toFixed(2)} ${w.unit}, ${run.timesMs?.length} reps, ${run.maxRssMB?.toFixed(0)} MB` : `${run.status}: ${run.reason}`;
    console.error(`  ${w.id} ${dtype} ${library}: ${shown}`);
    runs.push(run);
  }
  return runs;
}

function main(): number {
  let opts: Options;
  try {
    opts = parseOptions(process.argv.slice(2), join(__dirname, '..', 'results.json'));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  const selected = selectWorkloads(workloads(opts.quick), opts.only);
  const plan: TimingPlan = opts.quick ? { reps: 5, minReps: 3, budgetMs: 600 } : { reps: 15, minReps: 3, budgetMs: 2000 };
  const started = Date.now();
  const environment = { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, loadavgAtStart: loadavg() };
  const torchAbsent = opts.peers.includes('pytorch') ? torchMissing() : null;
  if (torchAbsent) console.error(`PyTorch not available: ${torchAbsent}`);

  const scratch = mkdtempSync(join(tmpdir(), 'jacobi-bench-'));
  const runs: Run[] = [];
  try {
    for (const w of selected) {
      const inputsDir = join(scratch, inputKey(w));
      writeInputs(inputsDir, makeInputs(w));
      for (const dtype of DTYPES) runs.push(...measure(w, dtype, opts, inputsDir, plan, torchAbsent));
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  const rows = buildRows(selected, DTYPES, runs);
  const targets = evaluateTargets(rows);
  const seconds = (Date.now() - started) / 1000;
  const libraries = librariesIn(runs);
  console.log(`\n## Speed (median after warm-up; cells: figure (jacobi/peer))\n`);
  console.log(figuresTable(rows, runs, libraries, false));
  console.log(`\nGFLOP/s: higher is better, a ratio above 1 means jacobi is faster. ms: lower is better, a ratio below 1 means jacobi is faster.`);
  console.log(`"—": the library cannot run this (TensorFlow.js has no float64 and no forward mode; jax-js jit is measured for the MLP only).`);
  console.log(`\n## Peak RSS of each workload's process (MB; cells: figure (jacobi/peer))\n`);
  console.log(figuresTable(rows, runs, libraries, true));
  console.log(`\n## Targets of issue 8\n`);
  console.log(targetsTable(targets));
  for (const r of runs.filter((r) => ['failed', 'disagrees', 'unverified', 'unavailable'].includes(r.status))) {
    console.log(`\n${r.library} ${r.workload} ${r.dtype}: ${r.status}: ${r.reason}`);
  }
  const torchInfo = runs.find((r) => r.library === 'pytorch' && r.info)?.info;
  console.log(`\n${seconds.toFixed(0)} s; timing: up to ${plan.reps} reps after warm-up, at least ${plan.minReps}, stopping after ${plan.budgetMs} ms; ${environment.cpus} CPUs; jacobi backend ${String(runs.find((r) => r.info?.backend)?.info?.backend ?? '?')}${torchInfo ? `; PyTorch ${String(torchInfo.version)} on ${String(torchInfo.threads)} thread(s)` : ''}`);
  writeFileSync(opts.out, JSON.stringify({ startedAt: new Date(started).toISOString(), seconds, options: opts, plan, environment, runs, rows, targets }, null, 2) + '\n');
  console.log(`raw results: ${opts.out}`);
  return 0;
}

process.exitCode = main();
