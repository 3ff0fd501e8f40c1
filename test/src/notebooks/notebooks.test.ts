/**
 * The tutorials, re-executed top to bottom through the real tslab kernel (Debian's python +
 * nbclient) into temporary copies. A cell that throws — including a failed `check(...)` of a claim
 * the notebook makes — fails the test.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const dir = join(root, 'notebooks');
const notebooks = readdirSync(dir).filter((f) => /^\d\d-.*\.ipynb$/.test(f)).sort();

interface Cell { cell_type: string; source: string[] | string; outputs?: { output_type: string; data?: Record<string, unknown>; text?: string | string[] }[] }
const text = (s: string[] | string | undefined) => (Array.isArray(s) ? s.join('') : s ?? '');
const read = (path: string): Cell[] => JSON.parse(readFileSync(path, 'utf8')).cells;

describe('tutorial notebooks', () => {
  it('there are tutorials for the whole chapter', () => {
    expect(notebooks.length).toBeGreaterThanOrEqual(6);
  });

  for (const name of notebooks) {
    describe(name, () => {
      it('opens with what it teaches and ends with a summary', () => {
        const cells = read(join(dir, name));
        expect(cells[0].cell_type).toBe('markdown');
        expect(text(cells[0].source)).toMatch(/What you will learn/);
        const last = cells[cells.length - 1];
        expect(last.cell_type).toBe('markdown');
        expect(text(last.source)).toMatch(/^## Summary/m);
      });

      it('is committed with its outputs, static pictures included', () => {
        const cells = read(join(dir, name)).filter((c) => c.cell_type === 'code');
        expect(cells.every((c) => (c.outputs ?? []).length > 0 || text(c.source).trim().startsWith('import'))).toBe(true);
        const bundles = cells.flatMap((c) => c.outputs ?? []).filter((o) => o.data && Object.keys(o.data).some((k) => k.startsWith('application/vnd.jacobi.')));
        expect(bundles.length).toBeGreaterThan(0);
        // every jacobi bundle carries a picture that renders anywhere, and a text fallback
        for (const b of bundles) {
          expect(Object.keys(b.data!).some((k) => k === 'image/svg+xml' || k === 'text/html')).toBe(true);
          expect(b.data!['text/plain']).toBeDefined();
        }
      });

      it('runs top to bottom through the tslab kernel, every check passing', () => {
        const out = join(mkdtempSync(join(tmpdir(), 'jacobi-nb-')), name);
        const r = spawnSync('/usr/bin/python3', [join(root, 'scripts/execute_notebook.py'), join(dir, name), out, '--timeout', '600'], { encoding: 'utf8' });
        expect(r.stderr + r.stdout, `${name} failed`).not.toMatch(/a cell failed/);
        expect(r.status).toBe(0);
        const cells = read(out).filter((c) => c.cell_type === 'code');
        const errors = cells.flatMap((c) => c.outputs ?? []).filter((o) => o.output_type === 'error');
        expect(errors).toEqual([]);
        const printed = cells.flatMap((c) => c.outputs ?? []).map((o) => text(o.text)).join('');
        expect(printed).toMatch(/✓ /); // the notebook's claims were checked
        expect(printed).not.toMatch(/claim failed/);
      }, 900_000);
    });
  }
});
