// @vitest-environment happy-dom
/**
 * The mime renderer on hostile payloads (the fuzzer shared with @jacobi/viz): renderModel always
 * resolves, shows an error box or a view, and the DOM it builds holds no script, no event-handler
 * attributes, no injected elements and no javascript: URLs, whatever the payload says.
 */
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Widget } from '@lumino/widgets';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutatedCase, namedCases, PWNED, validCases, type HostileCase } from '../../viz/src/testing/hostile';
import { validatePayload } from '@jacobi/viz';
import { ERROR_CLASS, JacobiRenderer } from './renderer';

/** Elements our views build; anything else was injected. */
const ELEMENTS = new Set([
  'div', 'span', 'pre', 'canvas', 'button', 'label', 'input', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'dl', 'dt', 'dd',
  'svg', 'g', 'rect', 'path', 'text', 'title', 'defs', 'marker',
]);
const URL_ATTRIBUTES = new Set(['href', 'xlink:href', 'src', 'action', 'formaction', 'style', 'marker-end']);

/** Renders one case in a fresh attached renderer; returns the problems found and what was shown. */
async function show(c: HostileCase): Promise<{ problems: string[]; shown: 'error' | 'view' | 'nothing' }> {
  const renderer = new JacobiRenderer({ mimeType: c.mime } as IRenderMime.IRendererOptions);
  Widget.attach(renderer, document.body);
  const problems: string[] = [];
  try {
    const model = { data: { [c.mime]: c.data }, metadata: {}, trusted: false, setData: () => undefined } as unknown as IRenderMime.IMimeModel;
    await renderer.renderModel(model);
    for (const element of Array.from(renderer.node.querySelectorAll('*'))) {
      const tag = element.localName;
      if (!ELEMENTS.has(tag)) problems.push(`injected <${tag}>`);
      for (const { name, value } of Array.from(element.attributes)) {
        if (/^on/i.test(name)) problems.push(`event handler ${name} on <${tag}>`);
        if (URL_ATTRIBUTES.has(name) && /javascript:|url\((?!#)/i.test(value)) problems.push(`URL in ${name} of <${tag}>: ${value.slice(0, 60)}`);
      }
    }
    const error = renderer.node.querySelector(`.${ERROR_CLASS}`);
    if (error && !/^Cannot show this /.test(error.textContent ?? '')) problems.push('error box without its title');
    const shown = error ? 'error' : renderer.node.firstElementChild ? 'view' : 'nothing';
    if (shown === 'nothing') problems.push('renderModel showed nothing');
    return { problems, shown };
  } catch (error) {
    return { problems: [`renderModel rejected: ${String(error)}`], shown: 'nothing' };
  } finally {
    renderer.dispose();
  }
}

function refused(c: HostileCase): boolean {
  try {
    validatePayload(c.mime, c.data);
    return false;
  } catch {
    return true;
  }
}

const compromised = () =>
  ({} as Record<string, unknown>).polluted !== undefined || (window as unknown as Record<string, unknown>)[PWNED] !== undefined || document.querySelector('script, img, iframe') !== null;

describe('JacobiRenderer on hostile payloads', () => {
  // Paint at once: happy-dom never reports an output as visible, and painting is what we fuzz.
  const observer = globalThis.IntersectionObserver;
  beforeAll(() => void delete (globalThis as { IntersectionObserver?: unknown }).IntersectionObserver);
  afterAll(() => void (globalThis.IntersectionObserver = observer));

  it('shows every valid base payload as a view', async () => {
    for (const c of validCases()) expect(await show(c), c.label).toEqual({ problems: [], shown: 'view' });
  });

  it('shows an error box or a safe view for every hand-written hostile case', async () => {
    const counts = { error: 0, view: 0, nothing: 0 };
    const failures: { label: string; problems: string[] }[] = [];
    for (const c of namedCases()) {
      const { problems, shown } = await show(c);
      counts[shown]++;
      // an error box exactly when validation refuses: a valid payload must never fail to draw
      if (shown !== (refused(c) ? 'error' : 'view')) problems.push(`shown as ${shown}`);
      if (problems.length) failures.push({ label: c.label, problems });
    }
    expect(failures).toEqual([]);
    expect(compromised()).toBe(false);
    // Both outcomes occur: the hostile strings render as text, the malformed payloads as errors.
    expect(counts.error).toBeGreaterThan(60);
    expect(counts.view).toBeGreaterThan(150);
  }, 30_000);

  it('shows an error box or a safe view for random mutations (fast-check)', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(mutatedCase, async (c) => {
        runs++;
        const { problems, shown } = await show(c);
        expect(problems, c.label).toEqual([]);
        expect(shown, c.label).toBe(refused(c) ? 'error' : 'view');
      }),
      { numRuns: 200, seed: 11 },
    );
    expect(runs).toBe(200);
    expect(compromised()).toBe(false);
  }, 30_000);

  it('shows hostile text as text: a <script> name is visible, not parsed', async () => {
    const c = namedCases().find((k) => k.label.startsWith('tensor name "<script>'))!;
    const renderer = new JacobiRenderer({ mimeType: c.mime } as IRenderMime.IRendererOptions);
    await renderer.renderModel({ data: { [c.mime]: c.data } } as unknown as IRenderMime.IMimeModel);
    expect(renderer.node.querySelector('.jp-Jacobi-title')?.textContent).toContain(`<script>window.${PWNED}=1;alert(1)</script>`);
    expect(renderer.node.querySelector('script')).toBeNull();
    // painted: the histogram of its 12 values has its bars
    expect(renderer.node.querySelectorAll('.jp-Jacobi-histogram rect').length).toBeGreaterThan(0);
    renderer.dispose();
  });
});
