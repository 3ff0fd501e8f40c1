/**
 * The two sides of the PyTorch oracle: jacobi's derivatives of a random program, PyTorch's (one
 * /usr/bin/python3 process running test/oracle/torch_programs.py for all programs at once), and
 * the distance between them.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { checkpoint, grad, hessian, hvp, jacfwd, jacrev, jvp, vhp, type Tensor } from '@jacobi/core';
import { programInputs, runProgram, type Program } from '../../../packages/core/src/testing/programs';

/** A tensor as plain data: shape and row-major values. */
export interface Plain {
  shape: number[];
  data: number[];
}

/** Values and derivatives of one program: output, loss, dloss/dx_i, J_i = doutput/dx_i, H_ij. */
export interface Derivatives {
  output: Plain;
  loss: Plain;
  grads: Plain[];
  jacobians: Plain[];
  hessians: Plain[][];
}

/** What jacobi computes for one program: both Jacobian modes, the Hessian several ways. */
export interface JacobiResult extends Omit<Derivatives, 'jacobians'> {
  jacrev: Plain[];
  jacfwd: Plain[];
  /** jacrev of grad (reverse over reverse), where `hessians` is jacfwd of jacrev. */
  hessiansRev: Plain[][];
  /** H·v by hvp (forward over reverse) and by vhp (reverse over reverse), v = the given directions. */
  hvp: Plain[];
  vhp: Plain[];
  /** grad and H·v (hvp) of the loss with the whole program under checkpoint (recomputed in backward). */
  checkpointGrads: Plain[];
  checkpointHvp: Plain[];
}

const SCRIPT = fileURLToPath(new URL('../../oracle/torch_programs.py', import.meta.url));
const PYTHON = '/usr/bin/python3';

const plain = (t: Tensor): Plain => ({ shape: [...t.shape], data: Array.from(t.data as ArrayLike<number>) });

/**
 * Runs a program in jacobi: values, grad of the loss, jacrev and jacfwd of the output, and the
 * Hessian of the loss as hessian (forward over reverse), as jacrev of grad (reverse over reverse),
 * times `directions` by hvp and vhp, and through checkpoint.
 */
export function runJacobi(program: Program, directions: Tensor[]): JacobiResult {
  const xs = programInputs(program);
  const argnums = xs.map((_, i) => i);
  const output = (...a: Tensor[]) => runProgram(program, a).output;
  const loss = (...a: Tensor[]) => runProgram(program, a).loss;
  const lossOfList = (a: Tensor[]) => loss(...a);
  const checkpointed = checkpoint(loss);
  const values = runProgram(program, xs);
  return {
    output: plain(values.output),
    loss: plain(values.loss),
    grads: (grad(loss, { argnums })(...xs) as Tensor[]).map(plain),
    jacrev: (jacrev(output, { argnums })(...xs) as Tensor[]).map(plain),
    jacfwd: (jacfwd(output, { argnums })(...xs) as Tensor[]).map(plain),
    hessians: (hessian(loss, { argnums })(...xs) as Tensor[][]).map((row) => row.map(plain)),
    hessiansRev: (jacrev(grad(loss, { argnums }), { argnums })(...xs) as Tensor[][]).map((row) => row.map(plain)),
    hvp: hvp(lossOfList, xs, directions).map(plain),
    vhp: vhp(lossOfList, xs, directions).map(plain),
    checkpointGrads: (grad(checkpointed, { argnums })(...xs) as Tensor[]).map(plain),
    checkpointHvp: hvp((a: Tensor[]) => checkpointed(...a), xs, directions).map(plain),
  };
}

/**
 * What is compared for a large program (too big for full Jacobians): values, gradients, the JVP
 * of the output along directions v, and the Hessian of the loss times v.
 */
export interface LargeDerivatives {
  output: Plain;
  loss: Plain;
  grads: Plain[];
  jvp: Plain;
  hvp: Plain[];
}

/** Runs a large program in jacobi: values, grad, jvp of the output and hvp of the loss along `directions`. */
export function runJacobiLarge(program: Program, directions: Tensor[]): LargeDerivatives {
  const xs = programInputs(program);
  const loss = (...a: Tensor[]) => runProgram(program, a).loss;
  const values = runProgram(program, xs);
  return {
    output: plain(values.output),
    loss: plain(values.loss),
    grads: (grad(loss, { argnums: xs.map((_, i) => i) })(...xs) as Tensor[]).map(plain),
    jvp: plain(jvp((...a: Tensor[]) => runProgram(program, a).output, xs, directions)[1]),
    hvp: hvp((a: Tensor[]) => loss(...a), xs, directions).map(plain),
  };
}

/** PyTorch's answer for one program, or the error PyTorch raised on it. */
export type TorchResult = (Derivatives & { seed: number }) | { seed: number; error: string };
/** PyTorch's answer for one large program, or the error it raised. */
export type TorchLargeResult = (LargeDerivatives & { seed: number }) | { seed: number; error: string };

/**
 * Runs every program through PyTorch in ONE python process: `programs` in full, `large` ones
 * (each with a direction per input) by gradients, JVP and HVP. Throws with the install command
 * when torch cannot be imported (the oracle must never pass by being absent).
 */
export function runTorch(
  programs: readonly Program[],
  large: readonly { program: Program; v: Tensor[] }[] = [],
): { torch: string; results: TorchResult[]; large: TorchLargeResult[] } {
  const request = { programs, large: large.map(({ program, v }) => ({ program, v: v.map((t) => plain(t).data) })) };
  const run = spawnSync(PYTHON, [SCRIPT], { input: JSON.stringify(request), encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.error) throw new Error(`the PyTorch oracle needs ${PYTHON} with Debian's python3-torch (sudo apt-get install -y python3-torch): ${run.error.message}`);
  if (run.status !== 0) throw new Error(`the PyTorch oracle (${PYTHON} ${SCRIPT}) failed with exit code ${run.status}:\n${run.stderr}`);
  const parsed = JSON.parse(run.stdout) as { torch: string; results: TorchResult[]; large: TorchLargeResult[] };
  // non-finite numbers travel as strings ("NaN", "Infinity", "-Infinity")
  const revive = (p: Plain) => void (p.data = p.data.map(Number));
  for (const r of parsed.results) if (!('error' in r)) [r.output, r.loss, ...r.grads, ...r.jacobians, ...r.hessians.flat()].forEach(revive);
  for (const r of parsed.large) if (!('error' in r)) [r.output, r.loss, ...r.grads, r.jvp, ...r.hvp].forEach(revive);
  return parsed;
}

/** H·v from the blocks of a Hessian (block [i][j] has shape [...x_i.shape, ...x_j.shape]). */
export function hessianTimes(h: Plain[][], v: Plain[]): Plain[] {
  return h.map((row, i) => {
    const n = v[i].data.length;
    const data = new Array<number>(n).fill(0);
    row.forEach((block, j) => {
      const m = v[j].data.length;
      for (let a = 0; a < n; a++) for (let b = 0; b < m; b++) data[a] += block.data[a * m + b] * v[j].data[b];
    });
    return { shape: v[i].shape, data };
  });
}

/** Absolute and relative tolerance of the comparison (see {@link distance}). */
export const TOLERANCE = 1e-10;

/**
 * How far jacobi's tensor is from PyTorch's, in units where agreement means <= 1e-10:
 * max_i |jacobi_i - torch_i| / (1 + max_i |torch_i|), i.e. an absolute tolerance of 1e-10 plus a
 * relative one of 1e-10 of the largest magnitude in that tensor (rounding errors scale with the
 * tensor's magnitude, not with each entry's, when entries cancel). Different shapes, or a NaN
 * where the other side has a number, are infinitely far.
 */
export function distance(mine: Plain, theirs: Plain): number {
  if (mine.shape.join() !== theirs.shape.join() || mine.data.length !== theirs.data.length) return Infinity;
  let scale = 0, worst = 0;
  for (const v of theirs.data) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < mine.data.length; i++) {
    const a = mine.data[i], b = theirs.data[i];
    if (Number.isNaN(a) || Number.isNaN(b)) {
      if (Number.isNaN(a) !== Number.isNaN(b)) return Infinity;
      continue;
    }
    worst = Math.max(worst, a === b ? 0 : Math.abs(a - b));
  }
  return worst / (1 + scale);
}
