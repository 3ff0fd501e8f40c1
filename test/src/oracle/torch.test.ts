/**
 * An oracle nobody here wrote: a few hundred seeded random programs run in jacobi and in PyTorch
 * (float64, Debian's python3-torch) must agree in values, gradients, Jacobians (jacrev and jacfwd)
 * and Hessians to 1e-10 (see `distance`). Writes test/test-results/oracle.json with the number of
 * programs, op coverage and the worst error of each kind; fails with the JSON of the program that
 * disagrees most.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OP_NAMES, type Program } from '../../../packages/core/src/testing/programs';
import { generateProgram } from '../../../packages/core/src/testing/programs_generate';
import { distance, runJacobi, runTorch, TOLERANCE, type JacobiResult, type Plain } from './torch';

// JACOBI_ORACLE_PROGRAMS / JACOBI_ORACLE_SEED run a longer or different sweep by hand
const PROGRAMS = Number(process.env.JACOBI_ORACLE_PROGRAMS ?? 300);
const FIRST_SEED = Number(process.env.JACOBI_ORACLE_SEED ?? 90_000);
const REPORT = fileURLToPath(new URL('../../test-results/oracle.json', import.meta.url));

type Kind = 'value' | 'gradient' | 'jacrev' | 'jacfwd' | 'hessian' | 'hessian (rev-over-rev)';
interface Worst {
  error: number;
  seed: number;
  where: string;
}

describe(`${PROGRAMS} random programs against PyTorch`, () => {
  it('agree in values, gradients, Jacobians and Hessians to 1e-10 in float64', () => {
    const started = performance.now();
    // 3 to 10 steps each, so both short and long chains of ops are in the mix; every fourth program
    // has values of up to 48 elements (longer kernel loops), the others up to 16
    const programs = Array.from({ length: PROGRAMS }, (_, i) => generateProgram(FIRST_SEED + i, { steps: 3 + (i % 8), maxSize: i % 4 === 3 ? 48 : 16 }));
    const torch = runTorch(programs);
    expect(torch.results.length).toBe(PROGRAMS);

    const worst = new Map<Kind, Worst>();
    const failures: string[] = [];
    const record = (kind: Kind, p: Program, where: string, mine: Plain, theirs: Plain) => {
      const error = distance(mine, theirs);
      if (!worst.has(kind) || error > worst.get(kind)!.error || Number.isNaN(error)) worst.set(kind, { error, seed: p.seed, where });
    };
    programs.forEach((p, n) => {
      const theirs = torch.results[n];
      if ('error' in theirs) return void failures.push(`program ${p.seed}: PyTorch raised ${theirs.error}\n${JSON.stringify(p)}`);
      let mine: JacobiResult;
      try {
        mine = runJacobi(p);
      } catch (e) {
        return void failures.push(`program ${p.seed}: jacobi threw ${(e as Error).message}\n${JSON.stringify(p)}`);
      }
      record('value', p, 'output', mine.output, theirs.output);
      record('value', p, 'loss', mine.loss, theirs.loss);
      theirs.grads.forEach((g, i) => record('gradient', p, `dloss/d${p.inputs[i].name}`, mine.grads[i], g));
      theirs.jacobians.forEach((j, i) => {
        record('jacrev', p, `doutput/d${p.inputs[i].name}`, mine.jacrev[i], j);
        record('jacfwd', p, `doutput/d${p.inputs[i].name}`, mine.jacfwd[i], j);
      });
      theirs.hessians.forEach((row, i) => row.forEach((h, j) => {
        const where = `d2loss/d${p.inputs[i].name}d${p.inputs[j].name}`;
        record('hessian', p, where, mine.hessians[i][j], h);
        record('hessian (rev-over-rev)', p, where, mine.hessiansRev[i][j], h);
      }));
    });

    const ops = Object.fromEntries(OP_NAMES.map((op) => [op, 0]));
    for (const p of programs) for (const s of p.steps) ops[s.op]++;
    const report = {
      programs: PROGRAMS,
      seeds: [FIRST_SEED, FIRST_SEED + PROGRAMS - 1],
      torch: torch.torch,
      tolerance: `max|jacobi - torch| <= ${TOLERANCE} * (1 + max|torch|) per tensor`,
      worst: Object.fromEntries(worst),
      failures: failures.length,
      ops,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
    mkdirSync(fileURLToPath(new URL('.', `file://${REPORT}`)), { recursive: true });
    writeFileSync(REPORT, JSON.stringify(report, null, 2));
    console.log(`PyTorch oracle: ${PROGRAMS} programs, torch ${torch.torch}, ${report.seconds} s; worst errors ` +
      [...worst].map(([k, w]) => `${k} ${w.error.toExponential(2)} (program ${w.seed})`).join(', '));

    expect(failures, failures.join('\n\n')).toEqual([]);
    for (const [kind, w] of worst) {
      const p = programs.find((q) => q.seed === w.seed)!;
      expect(w.error, `worst ${kind} disagreement: ${w.where} of program ${w.seed} is off by ${w.error}\n${JSON.stringify(p)}`).toBeLessThanOrEqual(TOLERANCE);
    }
    expect(OP_NAMES.filter((op) => ops[op] === 0), 'ops no program used').toEqual([]);
  }, 300_000);
});
