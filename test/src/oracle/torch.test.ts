/**
 * An oracle nobody here wrote: a few hundred seeded random programs run in jacobi and in PyTorch
 * (float64, Debian's python3-torch) must agree in values, gradients, Jacobians (jacrev and jacfwd)
 * and Hessians (forward over reverse, reverse over reverse, hvp, vhp; grad and hvp through
 * checkpoint) to 1e-10 (see `distance`), with jacobi on each kernel backend; large programs,
 * too big for full Jacobians, by values, gradients, J·v and H·v. Writes
 * test/test-results/oracle.json with the number of programs, op coverage and the worst error of
 * each kind; fails with the JSON of the program that disagrees most, shrunk to the smallest
 * program that still disagrees.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OP_NAMES, programInputs, runProgram, type Program } from '../../../packages/core/src/testing/programs';
import { generateProgram } from '../../../packages/core/src/testing/programs_generate';
import { shrinkCandidates } from '../../../packages/core/src/testing/programs_shrink';
import { backend, Generator, randn, setBackend, type Backend } from '@jacobi/core';
import { jsBackend } from '../../../packages/core/src/backend';
import { distance, hessianTimes, runJacobi, runJacobiLarge, runTorch, TOLERANCE, type Derivatives, type LargeDerivatives, type Plain } from './torch';

// JACOBI_ORACLE_PROGRAMS / _SEED / _MAX_STEPS run a longer or different sweep by hand
const PROGRAMS = Number(process.env.JACOBI_ORACLE_PROGRAMS ?? 300);
const FIRST_SEED = Number(process.env.JACOBI_ORACLE_SEED ?? 90_000);
const MAX_STEPS = Number(process.env.JACOBI_ORACLE_MAX_STEPS ?? 10);
/** Programs with values of up to 2048 elements, where the WebAssembly kernels take over from JS. */
const LARGE = Number(process.env.JACOBI_ORACLE_LARGE ?? 40);
const REPORT = fileURLToPath(new URL('../../test-results/oracle.json', import.meta.url));

type Kind = 'value' | 'gradient' | 'jacrev' | 'jacfwd' | 'hessian' | 'hessian (rev-over-rev)' | 'hvp' | 'vhp' | 'gradient (checkpoint)' | 'hvp (checkpoint)' | 'jvp';
/** How far one of jacobi's results is from PyTorch's, and which one. */
interface Gap {
  kind: Kind;
  where: string;
  error: number;
}

/** jacobi runs every program on each kernel backend: the default (WebAssembly SIMD when built) and plain JS. */
const BACKENDS: Backend[] = [...new Set([backend(), jsBackend])];

function withBackend<T>(b: Backend, run: () => T): T {
  const previous = setBackend(b);
  try {
    return run();
  } finally {
    setBackend(previous);
  }
}

/** Seeded random directions v (one per input) for H·v and J·v. */
function directionsFor(p: Program) {
  const gen = new Generator(p.seed);
  return p.inputs.map((i) => randn(i.shape, { generator: gen }));
}

/** Every comparison of jacobi (on every backend) against PyTorch for one large program. */
function compareLarge(p: Program, theirs: LargeDerivatives): Gap[] {
  return BACKENDS.flatMap((b) => withBackend(b, () => {
    const mine = runJacobiLarge(p, directionsFor(p));
    const at = (what: string) => `${what} (large program, ${b.name} backend)`;
    return [
      { kind: 'value' as const, where: at('output'), error: distance(mine.output, theirs.output) },
      { kind: 'value' as const, where: at('loss'), error: distance(mine.loss, theirs.loss) },
      { kind: 'jvp' as const, where: at('J·v of the output'), error: distance(mine.jvp, theirs.jvp) },
      ...theirs.grads.map((g, i) => ({ kind: 'gradient' as const, where: at(`dloss/d${p.inputs[i].name}`), error: distance(mine.grads[i], g) })),
      ...theirs.hvp.map((h, i) => ({ kind: 'hvp' as const, where: at(`(H·v) for ${p.inputs[i].name}`), error: distance(mine.hvp[i], h) })),
    ];
  }));
}

/** Every comparison of jacobi (on every backend) against PyTorch for one program; jacobi's exceptions propagate. */
function compare(p: Program, theirs: Derivatives): Gap[] {
  return BACKENDS.flatMap((b) => withBackend(b, () => compareOn(b.name, p, theirs)));
}

function compareOn(backendName: string, p: Program, theirs: Derivatives): Gap[] {
  const directions = directionsFor(p);
  const mine = runJacobi(p, directions);
  const theirHv = hessianTimes(theirs.hessians, directions.map((d): Plain => ({ shape: [...d.shape], data: Array.from(d.data as ArrayLike<number>) })));
  const gaps: Gap[] = [];
  const name = (i: number) => p.inputs[i].name;
  const add = (kind: Kind, where: string, a: Parameters<typeof distance>[0], b: Parameters<typeof distance>[1]) =>
    gaps.push({ kind, where: `${where} (${backendName} backend)`, error: distance(a, b) });
  add('value', 'output', mine.output, theirs.output);
  add('value', 'loss', mine.loss, theirs.loss);
  theirs.grads.forEach((g, i) => {
    add('gradient', `dloss/d${name(i)}`, mine.grads[i], g);
    add('gradient (checkpoint)', `dloss/d${name(i)}`, mine.checkpointGrads[i], g);
    add('hvp', `(H·v) for ${name(i)}`, mine.hvp[i], theirHv[i]);
    add('vhp', `(vᵀ·H) for ${name(i)}`, mine.vhp[i], theirHv[i]);
    add('hvp (checkpoint)', `(H·v) for ${name(i)}`, mine.checkpointHvp[i], theirHv[i]);
  });
  theirs.jacobians.forEach((j, i) => {
    add('jacrev', `doutput/d${name(i)}`, mine.jacrev[i], j);
    add('jacfwd', `doutput/d${name(i)}`, mine.jacfwd[i], j);
  });
  theirs.hessians.forEach((row, i) => row.forEach((h, j) => {
    add('hessian', `d2loss/d${name(i)}d${name(j)}`, mine.hessians[i][j], h);
    add('hessian (rev-over-rev)', `d2loss/d${name(i)}d${name(j)}`, mine.hessiansRev[i][j], h);
  }));
  return gaps;
}

const disagrees = (gaps: Gap[]) => gaps.some((g) => !(g.error <= TOLERANCE));

/** The smallest shrunk version of `p` that still fails (PyTorch runs all candidates in one process). */
function smallestFailing(p: Program): Program {
  const candidates = shrinkCandidates(p);
  const torch = runTorch(candidates).results;
  const fails = (q: Program, i: number) => {
    const theirs = torch[i];
    if ('error' in theirs) return false;
    try {
      return disagrees(compare(q, theirs));
    } catch {
      return true;
    }
  };
  return candidates.find(fails) ?? p;
}

const failure = (p: Program, what: string) => `program ${p.seed}: ${what}\nsmallest failing program: ${JSON.stringify(smallestFailing(p))}\nwhole program: ${JSON.stringify(p)}`;

describe(`${PROGRAMS} random programs (and ${LARGE} large ones) against PyTorch`, () => {
  it('agree in values, gradients, Jacobians and Hessians to 1e-10 in float64', () => {
    const started = performance.now();
    // 3 to 10 steps each, so both short and long chains of ops are in the mix; every fourth program
    // has values of up to 48 elements (longer kernel loops), the others up to 16
    const programs = Array.from({ length: PROGRAMS }, (_, i) => generateProgram(FIRST_SEED + i, { steps: 3 + (i % (MAX_STEPS - 2)), maxSize: i % 4 === 3 ? 48 : 16 }));
    const large = Array.from({ length: LARGE }, (_, i) => generateProgram(FIRST_SEED + PROGRAMS + i, { steps: 3 + (i % (MAX_STEPS - 2)), maxSize: 2048 }));
    const torch = runTorch(programs, large.map((p) => ({ program: p, v: directionsFor(p) })));
    expect(torch.results.length).toBe(PROGRAMS);
    expect(torch.large.length).toBe(LARGE);

    const worst = new Map<Kind, Gap & { seed: number }>();
    const failures: string[] = [];
    const check = <T extends object>(p: Program, theirs: T | { error: string }, compareWith: (p: Program, theirs: T) => Gap[], shrink: boolean) => {
      if ('error' in theirs) return void failures.push(`program ${p.seed}: PyTorch raised ${theirs.error}\n${JSON.stringify(p)}`);
      let gaps: Gap[];
      try {
        gaps = compareWith(p, theirs);
      } catch (e) {
        const what = `jacobi threw ${(e as Error).message}`;
        return void failures.push(shrink ? failure(p, what) : `program ${p.seed}: ${what}\n${JSON.stringify(p)}`);
      }
      for (const g of gaps) {
        const w = worst.get(g.kind);
        if (!w || !(g.error <= w.error)) worst.set(g.kind, { ...g, seed: p.seed });
      }
    };
    programs.forEach((p, n) => check(p, torch.results[n], compare, true));
    large.forEach((p, n) => check(p, torch.large[n], compareLarge, false));

    const ops = Object.fromEntries(OP_NAMES.map((op) => [op, 0]));
    for (const p of [...programs, ...large]) for (const s of p.steps) ops[s.op]++;
    const largest = large.map((p) => Math.max(...[...runProgram(p, programInputs(p)).values.values()].map((t) => t.size)));
    const report = {
      programs: PROGRAMS,
      largePrograms: LARGE,
      largeWithValuesOver512: largest.filter((n) => n > 512).length,
      seeds: [FIRST_SEED, FIRST_SEED + PROGRAMS + LARGE - 1],
      torch: torch.torch,
      backends: BACKENDS.map((b) => b.name),
      tolerance: `max|jacobi - torch| <= ${TOLERANCE} * (1 + max|torch|) per tensor`,
      worst: Object.fromEntries(worst),
      failures: failures.length,
      ops,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
    mkdirSync(dirname(REPORT), { recursive: true });
    writeFileSync(REPORT, JSON.stringify(report, null, 2));
    console.log(`PyTorch oracle: ${PROGRAMS} programs + ${LARGE} large (${report.largeWithValuesOver512} with values over 512 elements), torch ${torch.torch}, ` +
      `jacobi on ${report.backends.join(' and ')}, ${report.seconds} s; worst errors ` +
      [...worst].map(([k, w]) => `${k} ${w.error.toExponential(2)} (program ${w.seed})`).join(', '));

    expect(failures, failures.join('\n\n')).toEqual([]);
    for (const [kind, w] of worst) {
      if (w.error <= TOLERANCE) continue;
      const small = programs.find((q) => q.seed === w.seed);
      const what = `${w.where} is off by ${w.error} (tolerance ${TOLERANCE})`;
      expect.fail(`worst ${kind} disagreement: ${small ? failure(small, what) : `program ${w.seed}: ${what}\n${JSON.stringify(large.find((q) => q.seed === w.seed))}`}`);
    }
    expect(OP_NAMES.filter((op) => ops[op] === 0), 'ops no program used').toEqual([]);
  }, 300_000);
});
