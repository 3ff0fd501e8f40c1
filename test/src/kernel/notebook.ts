/**
 * Runs a notebook through the REAL tslab kernel (Jupyter from Debian's python3, nbclient through
 * scripts/execute_notebook.py) and hands back each cell's outputs. The kernel loads the BUILT
 * packages (dist/), so core, viz and notebook must be built first.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const PYTHON = '/usr/bin/python3';
const TSLAB = join(ROOT, 'node_modules/.bin/tslab');

/** One output of an executed cell, as nbformat stores it. */
export interface Output {
  output_type: string;
  /** stdout or stderr, for a stream output. */
  name?: string;
  data?: Record<string, unknown>;
  text?: string | string[];
  metadata?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}
interface Cell { cell_type: string; source: string | string[]; outputs?: Output[]; metadata: Record<string, unknown> }

/** A cell to run; `raises` marks a cell expected to fail (nbclient then carries on with the next). */
export type CellSpec = string | { source: string; raises: true };

/**
 * Executes `cells` (id → source) in order in a fresh tslab kernel and returns each cell's outputs
 * by id. A cell that raises without being marked `raises` stops the run, as in CI.
 */
export function runNotebook(cells: Record<string, CellSpec>, timeoutMs = 600_000): Record<string, Output[]> {
  for (const pkg of ['packages/core', 'packages/viz', 'kernel-ext']) {
    if (!existsSync(join(ROOT, pkg, 'dist/index.js'))) throw new Error(`${pkg} is not built: run npm run build first (the kernel loads dist/)`);
  }
  const work = mkdtempSync(join(tmpdir(), 'jacobi-kernel-'));
  try {
    // Register the kernel under a private prefix so the test needs no global Jupyter state.
    execFileSync(TSLAB, ['install', `--python=${PYTHON}`, `--binary=${TSLAB}`, `--prefix=${work}`], { stdio: 'pipe' });
    const notebook = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } },
      cells: Object.entries(cells).map(([id, spec]) => ({
        id,
        cell_type: 'code',
        source: typeof spec === 'string' ? spec : spec.source,
        // nbclient's own tag for a cell whose error is expected: execution continues after it
        metadata: { case: id, tags: typeof spec === 'string' ? [] : ['raises-exception'] },
        outputs: [],
        execution_count: null,
      })),
    };
    writeFileSync(join(work, 'in.ipynb'), JSON.stringify(notebook));
    const env = { ...process.env, JUPYTER_PATH: join(work, 'share/jupyter'), JUPYTER_DATA_DIR: join(work, 'data'), JUPYTER_RUNTIME_DIR: join(work, 'runtime') };
    try {
      execFileSync(PYTHON, [join(ROOT, 'scripts/execute_notebook.py'), join(work, 'in.ipynb'), join(work, 'out.ipynb'), '--kernel', 'tslab', '--cwd', join(ROOT, 'test')], { env, stdio: 'pipe', timeout: timeoutMs });
    } catch (e) {
      const err = e as { stderr?: Buffer };
      if (!existsSync(join(work, 'out.ipynb'))) throw new Error(`notebook run failed: ${err.stderr?.toString() ?? e}`);
    }
    const executed = JSON.parse(readFileSync(join(work, 'out.ipynb'), 'utf8')) as { cells: Cell[] };
    return Object.fromEntries(executed.cells.map((c) => [c.metadata.case as string, c.outputs ?? []]));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The MIME bundles a cell displayed, in order. */
export function bundles(outputs: Output[]): Record<string, unknown>[] {
  return outputs.filter((o) => o.output_type === 'display_data').map((o) => o.data!);
}

/** nbformat stores multi-line strings as lists of lines. */
export function joined(v: unknown): string {
  return Array.isArray(v) ? v.join('') : String(v);
}

/** The text of a stream output. */
export function text(o: Output): string {
  return Array.isArray(o.text) ? o.text.join('') : o.text ?? '';
}
