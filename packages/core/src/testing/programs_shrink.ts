/**
 * Shrinking a failing random program to a smaller one that still fails, so a report shows the few
 * ops that matter. Our generator is not fast-check, so it does not shrink by itself; instead every
 * step of a program gives a candidate: the program cut just after that step, with that step as
 * its output and the plain sum of it as its loss, and without the steps and inputs it does not use.
 */
import type { Program, ProgramStep } from './programs';

const CONDITIONS = new Set<ProgramStep['op']>(['gt', 'lt']);

/** Drops the steps neither the output nor the loss depends on, and the inputs no step uses. */
export function prune(program: Program): Program {
  const needed = new Set([program.output, program.loss]);
  for (const step of [...program.steps].reverse()) {
    if (needed.has(step.name)) step.args.forEach((a) => needed.add(a));
  }
  return {
    ...program,
    inputs: program.inputs.filter((i) => needed.has(i.name)),
    steps: program.steps.filter((s) => needed.has(s.name)),
  };
}

/**
 * Smaller programs derived from `program`, fewest steps first: for each step, the program cut
 * after it with that step as the output (loss: its sum), pruned. A caller tries them in order and
 * keeps the first that still fails (checking them in one batch when each check is costly).
 */
export function shrinkCandidates(program: Program): Program[] {
  const candidates = program.steps
    .map((step, k) => ({ step, k }))
    .filter(({ step }) => !CONDITIONS.has(step.op))
    .map(({ step, k }) => {
      const loss: ProgramStep = { name: 'loss', op: 'sum', args: [step.name], axes: null, keepdims: false };
      return prune({ ...program, steps: [...program.steps.slice(0, k + 1), loss], output: step.name, loss: 'loss' });
    });
  return [...candidates, prune(program)].sort((a, b) => a.steps.length - b.steps.length);
}

/** The smallest candidate of {@link shrinkCandidates} on which `fails` holds, or the program itself. */
export function shrinkProgram(program: Program, fails: (p: Program) => boolean): Program {
  return shrinkCandidates(program).find(fails) ?? program;
}
