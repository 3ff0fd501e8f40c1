/// <reference lib="dom" />
/**
 * The jacobi renderers as a person sees them: Debian's jupyter_server (started here, stopped by
 * PID), the notebook page in headless Chromium, a notebook run through the real tslab kernel.
 * Checks pixels of the heatmap, the hover tooltip, the graph's nodes and gradient path, the dark
 * theme, and that hostile payloads show an error box and run nothing. Screenshots go to
 * test/test-results/browser/ (not committed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, type Locator, type Page } from 'playwright-core';
import { startSession, RESULTS_DIR as resultsDir, type BrowserSession } from './session';
import type { JupyterServer } from '../../../packages/app/server.mjs';
import { hostilePayloads, notebookCells, RENDERED_OUTPUTS } from './fixtures';

const testDir = fileURLToPath(new URL('../..', import.meta.url));
const repoDir = join(testDir, '..');
/** Relative to the repository root, which the server serves (so the kernel resolves @jacobi/*). */
const NOTEBOOK = 'test/test-results/browser/renderers.ipynb';

declare global {
  interface Window {
    /** What the notebook page exposes for scripting (packages/app/src/index.ts). */
    jacobi?: { ready: Promise<void>; runAll(): Promise<boolean>; setTheme(theme: 'light' | 'dark'): Promise<void>; extensionError: string | null };
  }
}

let server: JupyterServer | undefined;
let context: BrowserContext | undefined;
let page: Page;
/** A fresh Chromium profile per run: a crashed earlier run cannot leave it locked. */
let session: BrowserSession | undefined;
const pageErrors: string[] = [];

async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: join(resultsDir, `${name}.png`), fullPage: true });
}

/** The rendered output whose title contains `title`. */
function output(title: string | RegExp): Locator {
  return page.locator('.jp-JacobiRenderer').filter({ has: page.locator('.jp-Jacobi-title', { hasText: title }) });
}

/** RGB of the centre of heatmap cell (row, col) of the canvas in `view`. */
async function cellColor(view: Locator, row: number, col: number): Promise<[number, number, number]> {
  return view.locator('canvas.jp-Jacobi-canvas').evaluate((canvas: HTMLCanvasElement, [r, c]) => {
    const rows = Number(canvas.dataset.rows);
    const cols = Number(canvas.dataset.cols);
    // near the cell's top-left corner: small cells carry their value as text at the centre
    const x = Math.floor(((c + 0.15) / cols) * canvas.width);
    const y = Math.floor(((r + 0.15) / rows) * canvas.height);
    const [red, green, blue] = canvas.getContext('2d')!.getImageData(x, y, 1, 1).data;
    return [red, green, blue] as [number, number, number];
  }, [row, col]);
}

/** Moves the mouse over the centre of heatmap cell (row, col). */
async function hoverCell(view: Locator, row: number, col: number): Promise<void> {
  const canvas = view.locator('canvas.jp-Jacobi-canvas');
  const box = (await canvas.boundingBox())!;
  const { rows, cols } = await canvas.evaluate((c: HTMLCanvasElement) => ({ rows: Number(c.dataset.rows), cols: Number(c.dataset.cols) }));
  await page.mouse.move(box.x + ((col + 0.5) / cols) * box.width, box.y + ((row + 0.5) / rows) * box.height);
}

beforeAll(async () => {
  session = await startSession('renderers', notebookCells(), { width: 1280, height: 1000 });
  server = session.server;
  context = session.browser.context;
  page = session.browser.page;
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('dialog', (dialog) => {
    pageErrors.push(`dialog opened: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto(server.pageUrl(NOTEBOOK, { theme: 'light' }));
  await page.waitForFunction(() => window.jacobi !== undefined, null, { timeout: 60_000 });
  expect(await page.evaluate(() => window.jacobi!.extensionError)).toBeNull();
  await page.evaluate(() => window.jacobi!.ready);
  expect(await page.evaluate(() => window.jacobi!.runAll())).toBe(true);
  await page.locator('.jp-JacobiRenderer').nth(RENDERED_OUTPUTS + hostilePayloads().length - 1).waitFor({ timeout: 120_000 });
  await screenshot('01-notebook-light');
});

afterAll(async () => {
  await session?.close();
});

describe('jacobi renderers in JupyterLab (real browser, real tslab kernel)', () => {
  it('loads the prebuilt extension through the federated path and renders every jacobi output', async () => {
    expect(await page.locator('.jp-JacobiRenderer').count()).toBe(RENDERED_OUTPUTS + hostilePayloads().length);
    // The static HTML/SVG that the same bundle could carry is never shown instead.
    expect(await page.locator('.jp-RenderedHTMLCommon .jp-JacobiRenderer').count()).toBe(0);
  });

  it('draws the heatmap: positive cells red, negative cells blue', async () => {
    const view = output('signs');
    const [positive, negative, strongPositive, strongNegative] = [
      await cellColor(view, 0, 0), // 1
      await cellColor(view, 0, 1), // -1
      await cellColor(view, 1, 0), // 2, the largest |value|: full colour
      await cellColor(view, 1, 1), // -2
    ];
    expect(positive[0] - positive[2]).toBeGreaterThan(30);
    expect(negative[2] - negative[0]).toBeGreaterThan(30);
    expect(strongPositive[0] - strongPositive[2]).toBeGreaterThan(100);
    expect(strongNegative[2] - strongNegative[0]).toBeGreaterThan(100);
    // the larger magnitude is the more saturated
    expect(strongPositive[0] - strongPositive[2]).toBeGreaterThan(positive[0] - positive[2]);
    // a 2 x 3 plane is small: each of its six values is written in its cell
    expect(await view.locator('canvas.jp-Jacobi-canvas').getAttribute('data-values')).toBe('6');
    // the histogram of {1, -1, 0, 2, -2, 0}: five non-empty bins, the one holding both zeros tallest
    const heights = await view.locator('.jp-Jacobi-histogram rect').evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('height'))));
    expect(heights.filter((h) => h > 0)).toHaveLength(5);
    expect(heights.filter((h) => h === Math.max(...heights))).toHaveLength(1);
  });

  it('shows a cell’s indices and value on hover', async () => {
    const view = output('signs');
    await hoverCell(view, 1, 1);
    const tooltip = view.locator('.jp-Jacobi-tooltip');
    await expect.poll(() => tooltip.isVisible()).toBe(true);
    expect(await tooltip.textContent()).toContain('index [1, 1]');
    expect(await tooltip.textContent()).toContain('value -2');
    await screenshot('02-hover');
  });

  it('names the output and input of a Jacobian cell on hover', async () => {
    const view = output('∂loss/∂w');
    await hoverCell(view, 1, 2);
    const text = await view.locator('.jp-Jacobi-tooltip').textContent();
    expect(text).toContain('y1 / w2');
    expect(text).toContain('value 6'); // ∂(3·w1·w2)/∂w2 = 3·w1
  });

  it('zooms with the wheel and switches to a table', async () => {
    const view = output('signs');
    const canvas = view.locator('canvas.jp-Jacobi-canvas');
    await hoverCell(view, 0, 0);
    await page.mouse.wheel(0, -300);
    await expect.poll(() => canvas.getAttribute('data-zoom')).not.toBe('1.000');
    await view.locator('.jp-Jacobi-toggle').click();
    const cells = view.locator('table.jp-Jacobi-table td');
    expect(await cells.allTextContents()).toEqual(['1', '-1', '0', '2', '-2', '0']);
    await view.locator('.jp-Jacobi-toggle').click();
    expect(await canvas.isVisible()).toBe(true);
    await view.getByRole('button', { name: 'Reset view' }).click();
    expect(await canvas.getAttribute('data-zoom')).toBe('1.000');
  });

  it('slices an n-d tensor with the slice selector', async () => {
    const view = output('cube');
    const slider = view.locator('input.jp-Jacobi-slice');
    expect(await slider.count()).toBe(1);
    const before = await cellColor(view, 0, 0);
    await slider.fill('1');
    await expect.poll(() => view.locator('.jp-Jacobi-sliceLabel').textContent()).toContain('axis 0: 1 of 2');
    const after = await cellColor(view, 0, 0);
    // slice 0 starts at +1 (red), slice 1 at -1 (blue)
    expect(before[0]).toBeGreaterThan(before[2]);
    expect(after[2]).toBeGreaterThan(after[0]);
  });

  it('shows the graph’s nodes; clicking a parameter highlights its path from the loss', async () => {
    const view = output('tiny MLP');
    const labels = await view.locator('.jp-Jacobi-node .jp-Jacobi-nodeLabel').allTextContents();
    expect(labels.sort()).toEqual(['W', 'loss', 'matmul', 'tanh', 'x'].sort());
    await view.locator('.jp-Jacobi-node[data-id="W"]').click();
    expect(await view.locator('svg.jp-Jacobi-graph').getAttribute('data-path')).toBe('loss tanh matmul W');
    expect(await view.locator('.jp-Jacobi-node.jp-mod-path').count()).toBe(4);
    expect(await view.locator('.jp-Jacobi-edge.jp-mod-path').count()).toBe(3);
    expect(await view.locator('.jp-Jacobi-details').textContent()).toContain('gradient [2, 3] float64');
    await screenshot('03-graph');
  });

  it('shows the chain plan and the memory report as tables, the best strategy marked', async () => {
    const plan = output('chain of three');
    expect(await plan.locator('tbody tr').count()).toBe(2);
    expect(await plan.locator('tr.jp-mod-best td').first().textContent()).toBe('reverse (best)');
    expect(await plan.locator('.jp-Jacobi-stats').textContent()).toContain('J2 100×100 (diagonal)');
    const memory = output('memory of a layer');
    expect(await memory.locator('tbody tr').first().locator('td').allTextContents()).toEqual(['layer1', '1.0 KiB', '1.0 MiB', '1024×']);
  });

  it('follows the dark theme', async () => {
    const view = output('signs');
    const zeroLight = await cellColor(view, 0, 2);
    const negativeLight = await cellColor(view, 1, 1);
    await page.evaluate(() => window.jacobi!.setTheme('dark'));
    await expect.poll(async () => (await cellColor(view, 0, 2))[0]).toBeLessThan(100);
    const negativeDark = await cellColor(view, 1, 1);
    expect(zeroLight[0]).toBeGreaterThan(200);
    expect(negativeDark).not.toEqual(negativeLight);
    expect(negativeDark[2] - negativeDark[0]).toBeGreaterThan(60);
    await screenshot('04-dark');
    await page.evaluate(() => window.jacobi!.setTheme('light'));
  });

  it('shows hostile or malformed payloads as an error box (or plain text) and runs no script', async () => {
    const errors = page.locator('.jp-JacobiRenderer .jp-Jacobi-error');
    expect(await errors.count()).toBe(hostilePayloads().filter((p) => p.expectError).length);
    expect(await errors.first().textContent()).toContain('Cannot show this');
    // The hostile name is shown as text, never as markup.
    const named = output('<img');
    expect(await named.count()).toBe(1);
    expect(await named.locator('img').count()).toBe(0);
    expect(await page.locator('.jp-OutputArea img[src="x"], .jp-OutputArea script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(pageErrors).toEqual([]);
    await errors.first().scrollIntoViewIfNeeded();
    await screenshot('05-errors');
  });

  it('runs the welcome notebook: show() bundles render interactively, not as their static SVG', async () => {
    // a copy inside the repository, so the kernel resolves @jacobi/* and the original stays as it is
    copyFileSync(join(repoDir, 'notebooks', 'welcome.ipynb'), join(resultsDir, 'welcome.ipynb'));
    await page.goto(server!.pageUrl('test/test-results/browser/welcome.ipynb', { theme: 'light' }));
    await page.waitForFunction(() => window.jacobi !== undefined, null, { timeout: 60_000 });
    await page.evaluate(() => window.jacobi!.ready);
    // committed outputs are cleared by the run; wait for the fresh ones
    expect(await page.evaluate(() => window.jacobi!.runAll())).toBe(true);
    await page.locator('.jp-JacobiRenderer').nth(3).waitFor({ timeout: 120_000 });
    expect(await page.locator('.jp-JacobiRenderer').count()).toBe(4);
    expect(await page.locator('.jp-OutputArea .jp-RenderedSVG').count()).toBe(0);
    expect(await page.locator('.jp-JacobiRenderer .jp-Jacobi-error').count()).toBe(0);
    expect(await output(/^W \[8, 12\]/).locator('canvas.jp-Jacobi-canvas').getAttribute('data-cols')).toBe('12');
    expect(await output('∂f/∂x').count()).toBe(1);
    expect(await page.locator('.jp-JacobiRenderer svg.jp-Jacobi-graph').count()).toBe(1);
    expect(pageErrors).toEqual([]);
    await screenshot('06-welcome');
    await output('∂f/∂x').screenshot({ path: join(resultsDir, '07-welcome-jacobian.png') });
    await page.locator('.jp-JacobiRenderer').filter({ has: page.locator('svg.jp-Jacobi-graph') }).screenshot({ path: join(resultsDir, '08-welcome-graph.png') });
  });
});
