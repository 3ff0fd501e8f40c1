/// <reference lib="dom" />
/**
 * Hundreds of hostile outputs in one notebook page (the fuzz corpus of @jacobi/viz: malformed
 * payloads, markup and script in every string, claims of a billion elements, huge and cyclic
 * graphs), stored in the notebook as a stranger's file would be, opened in the real page with the
 * real extension in headless Chromium. No dialog opens, no injected script runs, no element or
 * handler is injected, each output shows an error box exactly when validation refuses it and a
 * view otherwise, our renderer logs no error, and the page stays responsive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { type BrowserContext, type Page } from 'playwright-core';
import { startSession, RESULTS_DIR as resultsDir, type BrowserSession } from './session';
import { isJacobiMime, validatePayload } from '@jacobi/viz';
import { hostileCorpus, PWNED } from '../../../packages/viz/src/testing/hostile';
import type { JupyterServer } from '../../../packages/app/server.mjs';

const NOTEBOOK = 'test/test-results/browser/hostile.ipynb';
/** Outputs per notebook cell. */
const PER_CELL = 20;

/** The corpus as notebook outputs: JSON text (as tslab sends it) and whether validation refuses it. */
const outputs = hostileCorpus(60)
  .filter((c) => isJacobiMime(c.mime)) // other MIME types are JupyterLab's to render, not ours
  .map((c) => {
    const text = typeof c.data === 'string' ? c.data : JSON.stringify(c.data);
    let refused = false;
    try {
      validatePayload(c.mime, text);
    } catch {
      refused = true;
    }
    return { label: c.label, mime: c.mime, text, refused };
  });

function notebook() {
  const cells = [];
  for (let start = 0; start < outputs.length; start += PER_CELL) {
    cells.push({
      cell_type: 'code',
      id: `hostile-${start}`,
      metadata: {},
      execution_count: 1,
      source: `// outputs ${start}..${start + PER_CELL - 1} of the hostile corpus`,
      outputs: outputs.slice(start, start + PER_CELL).map((o) => ({ output_type: 'display_data', metadata: {}, data: { [o.mime]: o.text } })),
    });
  }
  return { nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } }, cells };
}

declare global {
  interface Window {
    /** Times an injected script touched the bait global (installed by an init script). */
    __pwnedHits?: number;
  }
}

/** The notebook page's scripting hook (packages/app/src/index.ts), the part used here. */
type PageHook = { jacobi?: { ready: Promise<void> } };

let server: JupyterServer | undefined;
let context: BrowserContext | undefined;
let page: Page;
let session: BrowserSession | undefined;
const dialogs: string[] = [];
const pageErrors: string[] = [];
const rendererErrors: string[] = [];

beforeAll(async () => {
  session = await startSession('hostile', notebook(), { width: 1280, height: 2000 });
  server = session.server;
  context = session.browser.context;
  page = session.browser.page;
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    // errors from our extension's code, or naming our renderer
    const where = message.location().url;
    if (message.type() === 'error' && (/jacobi/i.test(message.text()) || /jacobi|labextension/i.test(where))) rendererErrors.push(message.text());
  });
  await page.addInitScript((bait) => {
    // Any injected script that touches the bait is counted, even if it then throws.
    window.__pwnedHits = 0;
    Object.defineProperty(window, bait, { configurable: false, get: () => (window.__pwnedHits!++, undefined), set: () => void window.__pwnedHits!++ });
  }, PWNED);
  await page.goto(server.pageUrl(NOTEBOOK, { theme: 'light' }));
  await page.waitForFunction(() => (window as PageHook).jacobi !== undefined, null, { timeout: 60_000 });
  await page.evaluate(() => (window as PageHook).jacobi!.ready);
});

afterAll(async () => {
  await session?.close();
});

describe('hostile outputs in the real notebook page', () => {
  it(`shows ${outputs.length} hostile outputs: an error box exactly when validation refuses, a view otherwise`, async () => {
    expect(outputs.length).toBeGreaterThan(300);
    // Scroll every cell into view (the notebook may render cells lazily), then read each output.
    const cells = page.locator('.jp-Notebook .jp-Cell');
    await expect.poll(() => cells.count(), { timeout: 60_000 }).toBe(Math.ceil(outputs.length / PER_CELL));
    for (let k = 0; k < (await cells.count()); k++) await cells.nth(k).scrollIntoViewIfNeeded();
    const renderers = page.locator('.jp-JacobiRenderer');
    await expect.poll(() => renderers.count(), { timeout: 60_000 }).toBe(outputs.length);
    // Outputs paint when they come into view. Every heatmap must draw (its canvas records the zoom
    // it drew at) or its output become an error box: bring each undrawn one into view for a frame,
    // again until none is left (outputs drawn above may push one out of view before it paints).
    const undrawn = async () => {
      const left = await renderers.evaluateAll(async (nodes) => {
        const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
        const waiting = nodes.flatMap((n, i) => (n.querySelector('canvas.jp-Jacobi-canvas:not([data-zoom])') ? [i] : []));
        for (const i of waiting) {
          nodes[i].scrollIntoView({ block: 'center' });
          await frame();
        }
        await frame();
        return nodes.flatMap((n, i) => (n.querySelector('canvas.jp-Jacobi-canvas:not([data-zoom])') ? [i] : []));
      });
      return left.map((i) => `${i}: ${outputs[i].label}`);
    };
    await expect.poll(undrawn, { timeout: 30_000 }).toEqual([]);
    const seen = await renderers.evaluateAll((nodes) =>
      nodes.map((n) => {
        const error = n.querySelector(':scope > .jp-Jacobi-error');
        return { shown: error ? 'error' : n.firstElementChild ? 'view' : 'nothing', message: error?.textContent?.slice(0, 200) };
      }),
    );
    const shown = seen.map((s) => s.shown);
    const mismatches = outputs
      .map((o, i) => ({ label: o.label, expected: o.refused ? 'error' : 'view', ...seen[i] }))
      .filter((m) => m.expected !== m.shown);
    expect(mismatches).toEqual([]);
    // Sane views: no output claims a canvas or picture wider or taller than a few screens.
    const sizes = await renderers.evaluateAll((nodes) => nodes.map((n) => {
      let width = 0;
      let height = 0;
      for (const e of Array.from(n.querySelectorAll('canvas, svg'))) {
        const box = e.getBoundingClientRect();
        const pixels = e instanceof HTMLCanvasElement ? e.width * e.height : 0;
        width = Math.max(width, box.width, pixels > 64e6 ? Infinity : 0);
        height = Math.max(height, box.height);
      }
      return [width, height];
    }));
    const oversized = sizes.map(([w, h], i) => ({ label: outputs[i].label, w, h })).filter(({ w, h }) => w > 5000 || h > 5000);
    expect(oversized).toEqual([]);
    expect(shown.filter((s) => s === 'error').length).toBeGreaterThan(50);
    expect(shown.filter((s) => s === 'view').length).toBeGreaterThan(150);
    await page.screenshot({ path: join(resultsDir, 'hostile.png') });
  });

  it('runs no script, opens no dialog and injects no element or handler', async () => {
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => window.__pwnedHits)).toBe(0);
    const injected = await page.locator('.jp-OutputArea').evaluateAll((areas) =>
      areas.flatMap((area) =>
        Array.from(area.querySelectorAll('*')).flatMap((e) => [
          ...(['script', 'img', 'iframe', 'object', 'embed', 'foreignObject', 'a', 'style', 'link'].includes(e.localName) ? [`<${e.localName}>`] : []),
          ...Array.from(e.attributes)
            .filter((a) => /^on/i.test(a.name) || (/href|src|style/i.test(a.name) && /javascript:/i.test(a.value)))
            .map((a) => `${a.name} on <${e.localName}>`),
        ]),
      ),
    );
    expect(injected).toEqual([]);
    expect(await page.evaluate(() => Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'))).toBe(false);
  });

  it('logs no error from our renderer and stays responsive', async () => {
    expect(pageErrors).toEqual([]);
    expect(rendererErrors).toEqual([]);
    // a frame comes promptly, and a view still reacts to a click
    const frame = await page.evaluate(() => {
      const start = performance.now();
      return new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now() - start)));
    });
    expect(frame).toBeLessThan(1000);
    const toggle = page.locator('.jp-JacobiRenderer .jp-Jacobi-toggle').first();
    await toggle.scrollIntoViewIfNeeded();
    await toggle.click();
    await expect.poll(() => toggle.textContent()).toBe('Heatmap');
  });
});
