/// <reference lib="dom" />
/**
 * Fifty large heatmaps in one notebook page stay responsive and bounded in memory: Debian's
 * jupyter_server, headless Chromium, the real extension, a notebook whose 50 cells show()
 * 1000 x 1000 .. 1980 x 1980 tensors and Jacobians through the real tslab kernel (real-sized
 * bundles: payload + static SVG + text). A PerformanceObserver installed before the page loads
 * records every long task; the JS heap is read through CDP after a forced collection.
 * Phases: load the page, run all cells (outputs arrive), scroll through every output, reopen the
 * saved notebook (50 stored outputs at once; its peer: the same notebook with tiny outputs) and
 * scroll again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { startSession, RESULTS_DIR as resultsDir, type BrowserSession } from './session';
import { renderPayload, summaryText, tensorPayload, TENSOR_MIME } from '@jacobi/viz';
import type { JupyterServer } from '../../../packages/app/server.mjs';

/** Relative to the repository root, which the server serves (so the kernel resolves @jacobi/*). */
const NOTEBOOK = 'test/test-results/browser/load.ipynb';
/** The same notebook with every output replaced by a tiny jacobi output: JupyterLab's own cost. */
const CONTROL = 'test/test-results/browser/load-control.ipynb';
const OUTPUTS = 50;
/** The trace event the page emits when its first jacobi output appears. */
const FIRST_OUTPUT_MARK = 'jacobi:first-output';
/** The longest main-thread task allowed, in ms (the issue's responsiveness bound). */
const LONG_TASK_LIMIT = 200;
/**
 * Heap bound: the 50 outputs may add at most this many times their size in the saved notebook
 * (the text must be held once by the notebook model; decoded planes live in ArrayBuffers), and
 * painting all of them by scrolling at most DRAW_HEAP_BOUND more.
 */
const HEAP_PER_OUTPUT_BYTE = 3;
const DRAW_HEAP_BOUND = 8 * 2 ** 20;

/** What the notebook page exposes for scripting (packages/app/src/index.ts), as used here. */
interface JacobiPage { ready: Promise<void>; runAll(): Promise<boolean>; panel: { context: { save(): Promise<void> } } }
/** The page's scripting handle (typed here without redeclaring the global other tests declare). */
type WithPage = { jacobi?: JacobiPage };

declare global {
  interface Window {
    /** Long tasks seen since the page started loading (installed by an init script). */
    __longTasks?: { start: number; duration: number }[];
    /** Page time at which the first jacobi output was attached. */
    __firstOutput?: number;
  }
}

const REOPEN_CONTROL = 'reopen the notebook with 50 tiny outputs (control)';
const REOPEN = 'reopen the notebook with 50 large stored outputs';

interface SavedNotebook { cells: { outputs: { output_type: string; data?: Record<string, unknown> }[] }[] }

/** The notebook with each display output replaced by the bundle of a one-element tensor. */
function withTinyOutputs(notebook: SavedNotebook): SavedNotebook {
  const tiny = tensorPayload([1], [1], { name: 'tiny' });
  const data = { [TENSOR_MIME]: JSON.stringify(tiny), 'image/svg+xml': renderPayload(tiny), 'text/plain': summaryText(tiny) };
  return { ...notebook, cells: notebook.cells.map((c) => ({ ...c, outputs: c.outputs.map((o) => (o.output_type === 'display_data' ? { ...o, data } : o)) })) };
}

/** Side n of output k: sizes spread over 1000..1980. */
const side = (k: number) => 1000 + 20 * k;

/** Even cells show a tensor, odd ones a Jacobian (a dense matrix shown with `wrt`). */
function notebook() {
  const code = (id: string, source: string) => ({ cell_type: 'code', id, metadata: {}, execution_count: null, outputs: [], source });
  const cells = Array.from({ length: OUTPUTS }, (_, k) =>
    k % 2 === 0
      ? code(`t${k}`, `show(randn([${side(k)}, ${side(k)}], { seed: ${k}, dtype: 'float32' }), { name: 'T${k}' });`)
      : code(`j${k}`, `show(randn([${side(k)}, ${side(k)}], { seed: ${k} }), { wrt: [${side(k)}], functionName: 'f${k}' });`),
  );
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } },
    cells: [code('setup', "import { randn } from '@jacobi/core';\nimport { show } from '@jacobi/notebook';"), ...cells],
  };
}

let server: JupyterServer | undefined;
let context: BrowserContext | undefined;
let page: Page;
let cdp: CDPSession;
let session: BrowserSession | undefined;
const pageErrors: string[] = [];

/** The page's JS heap in bytes after a full collection. */
async function heapAfterGc(): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'JSHeapUsedSize')!.value;
}

/** Long tasks recorded since `since` (page time, ms), the longest first. */
async function longTasksSince(since: number): Promise<{ start: number; duration: number }[]> {
  // a task still running when asked is reported once it ends: give the observer a frame
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
  const tasks = await page.evaluate((t) => window.__longTasks!.filter((e) => e.start >= t), since);
  return tasks.sort((a, b) => b.duration - a.duration);
}

const now = () => page.evaluate(() => performance.now());

/** Opens a notebook in the page and waits for its kernel. */
async function openPage(notebook = NOTEBOOK): Promise<void> {
  await page.goto(server!.pageUrl(notebook, { theme: 'light' }));
  await page.waitForFunction(() => (window as unknown as WithPage).jacobi !== undefined, null, { timeout: 60_000 });
  await page.evaluate(() => (window as unknown as WithPage).jacobi!.ready);
}

/** Scrolls every output into view, one at a time as a reader would, until each has drawn. */
async function scrollThroughOutputs(): Promise<void> {
  const views = page.locator('.jp-JacobiRenderer');
  for (let k = 0; k < OUTPUTS; k++) {
    await views.nth(k).scrollIntoViewIfNeeded();
    await views.nth(k).locator('canvas.jp-Jacobi-canvas[data-zoom]').waitFor({ timeout: 30_000 });
  }
  await page.mouse.move(640, 500);
  for (let k = 0; k < 20; k++) await page.mouse.wheel(0, -2000); // and back up with the wheel
}

/**
 * Long tasks of one phase, in ms: `beforeOutputs` ones ended before any jacobi output existed (the
 * page's own start-up, opening the notebook, starting a run: none of it is ours), `rendering` ones
 * after. `wall` is what the PerformanceObserver saw (tasks over 50 ms); `cpu` is each task's
 * main-thread CPU time from a Chromium trace, which other processes on a busy machine cannot
 * inflate: the bound is checked on it.
 */
interface Phase { name: string; rendering: { wall: number[]; cpu: number[] }; beforeOutputs: { wall: number[]; cpu: number[] } }
const phases: Phase[] = [];
const heap: Record<string, number> = {};
/** Size of the 50 outputs as saved in the notebook. */
let outputBytes = 0;
const longest = (tasks: number[]) => Math.max(0, ...tasks);

interface TraceEvent { name: string; ph: string; pid: number; tid: number; ts: number; dur?: number; tdur?: number; args?: { name?: string; data?: { message?: string } } }

/** Records a Chromium trace of the page's main thread while `run` runs. */
async function traced(run: () => Promise<void>): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  const collect = ({ value }: { value: object[] }) => void events.push(...(value as TraceEvent[]));
  cdp.on('Tracing.dataCollected', collect);
  await cdp.send('Tracing.start', { categories: 'toplevel,devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  await run();
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  await complete;
  cdp.off('Tracing.dataCollected', collect);
  return events;
}

/** Main-thread tasks of a trace ({end, cpu} in ms) and when the first jacobi output appeared. */
function mainThreadTasks(events: TraceEvent[]): { tasks: { end: number; cpu: number }[]; firstOutput: number } {
  const main = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const tasks = events
    .filter((e) => e.ph === 'X' && /RunTask$/.test(e.name) && main.has(`${e.pid}:${e.tid}`))
    .map((e) => ({ end: (e.ts + (e.dur ?? 0)) / 1000, cpu: (e.tdur ?? e.dur ?? 0) / 1000 }));
  const marker = events.find((e) => e.name === 'TimeStamp' && e.args?.data?.message === FIRST_OUTPUT_MARK);
  return { tasks, firstOutput: marker ? marker.ts / 1000 : Infinity };
}

/** Runs `run` and files the long tasks it caused; a phase that loads the page counts from its start. */
async function measure(name: string, run: () => Promise<void>, loadsPage = false): Promise<void> {
  const start = loadsPage ? 0 : await now();
  const trace = mainThreadTasks(await traced(run));
  const wall = await longTasksSince(start);
  const firstOutput = (await page.evaluate(() => window.__firstOutput)) ?? Infinity;
  const ends = (t: { start: number; duration: number }) => t.start + t.duration;
  const cpu = (after: boolean) => trace.tasks.filter((t) => (t.end >= trace.firstOutput) === after && t.cpu > 50).map((t) => t.cpu);
  phases.push({
    name,
    rendering: { wall: wall.filter((t) => ends(t) >= firstOutput).map((t) => t.duration), cpu: cpu(true) },
    beforeOutputs: { wall: wall.filter((t) => ends(t) < firstOutput).map((t) => t.duration), cpu: cpu(false) },
  });
}

beforeAll(async () => {
  session = await startSession('load', notebook(), { width: 1280, height: 1000 });
  server = session.server;
  context = session.browser.context;
  page = session.browser.page;
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.addInitScript((FIRST_OUTPUT_MARK_IN_PAGE) => {
    window.__longTasks = [];
    // when the first jacobi output appears: tasks ending before it are the page's own start-up
    new MutationObserver((_, observer) => {
      if (window.__firstOutput === undefined && document.querySelector('.jp-JacobiRenderer')) {
        window.__firstOutput = performance.now();
        console.timeStamp(FIRST_OUTPUT_MARK_IN_PAGE); // the same moment in the trace
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks!.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  }, FIRST_OUTPUT_MARK);
  cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');

  await measure('load the page (no outputs yet)', openPage, true);
  heap.empty = await heapAfterGc();
  await measure('run all: 50 outputs arrive', async () => {
    expect(await page.evaluate(() => (window as unknown as WithPage).jacobi!.runAll())).toBe(true);
    await page.locator('.jp-JacobiRenderer').nth(OUTPUTS - 1).waitFor({ state: 'attached', timeout: 300_000 });
  });
  heap.rendered = await heapAfterGc();
  await measure('scroll through 50 outputs', scrollThroughOutputs);
  heap.scrolled = await heapAfterGc();
  await page.evaluate(() => (window as unknown as WithPage).jacobi!.panel.context.save());
  const saved = JSON.parse(readFileSync(join(resultsDir, 'load.ipynb'), 'utf8')) as SavedNotebook;
  outputBytes = saved.cells.reduce((sum, c) => sum + JSON.stringify(c.outputs).length, 0);

  // Reopening: first the control (same cells, tiny outputs), then the saved notebook, whose 50
  // stored outputs all arrive as the page opens.
  writeFileSync(join(resultsDir, 'load-control.ipynb'), JSON.stringify(withTinyOutputs(saved)));
  const reopen = (notebook: string) => async () => {
    await openPage(notebook);
    await page.locator('.jp-JacobiRenderer').nth(OUTPUTS - 1).waitFor({ state: 'attached', timeout: 120_000 });
  };
  await measure(REOPEN_CONTROL, reopen(CONTROL), true);
  await measure(REOPEN, reopen(NOTEBOOK), true);
  heap.reloaded = await heapAfterGc();
  await measure('scroll through 50 stored outputs', scrollThroughOutputs);
  heap.reloadScrolled = await heapAfterGc();
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MB`;
  const ms = (t: { wall: number[]; cpu: number[] }) => `longest ${longest(t.wall).toFixed(0)} ms wall / ${longest(t.cpu).toFixed(0)} ms CPU (${t.wall.length} / ${t.cpu.length} over 50 ms)`;
  console.log(`load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`);
  console.log(phases.map((p) => `${p.name}: rendering ${ms(p.rendering)}; before any jacobi output ${ms(p.beforeOutputs)}`).join('\n'));
  console.log(`outputs in the saved notebook: ${mb(outputBytes)}; ` + Object.entries(heap).map(([k, v]) => `JS heap ${k}: ${mb(v)}`).join(', '));
}, 900_000);

afterAll(async () => {
  await session?.close();
});

describe('50 large heatmaps in one notebook page (real browser, real tslab kernel)', () => {
  it('renders all 50 outputs as heatmaps, none as an error', async () => {
    expect(await page.locator('.jp-JacobiRenderer').count()).toBe(OUTPUTS);
    expect(await page.locator('.jp-JacobiRenderer canvas.jp-Jacobi-canvas[data-zoom]').count()).toBe(OUTPUTS);
    expect(await page.locator('.jp-JacobiRenderer .jp-Jacobi-error').count()).toBe(0);
    expect(await page.locator('.jp-Jacobi-title', { hasText: `∂f${OUTPUTS - 1}/∂x` }).count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it(`keeps the page responsive: no task over ${LONG_TASK_LIMIT} ms of CPU once jacobi outputs exist, while they arrive and while scrolling`, () => {
    expect(phases).toHaveLength(6);
    for (const p of phases.filter((p) => p.name !== REOPEN && p.name !== REOPEN_CONTROL)) {
      expect(longest(p.rendering.cpu), p.name).toBeLessThanOrEqual(LONG_TASK_LIMIT);
    }
  });

  it(`opening the notebook with 50 large outputs stays within ${LONG_TASK_LIMIT} ms of opening it with 50 tiny ones`, () => {
    // Opening any notebook runs JupyterLab's own start-up tasks (script evaluation, notebook model,
    // cells), some longer than the limit on this machine; its peer, measured in this run, is the
    // same notebook whose outputs are tiny. Large outputs may lengthen no task by more than the limit.
    const all = (p: Phase) => [...p.rendering.cpu, ...p.beforeOutputs.cpu];
    const control = phases.find((p) => p.name === REOPEN_CONTROL)!;
    const large = phases.find((p) => p.name === REOPEN)!;
    expect(longest(all(large))).toBeLessThanOrEqual(longest(all(control)) + LONG_TASK_LIMIT);
  });

  it(`keeps the JS heap bounded: at most ${HEAP_PER_OUTPUT_BYTE}x the outputs' size, and painting them all adds at most ${DRAW_HEAP_BOUND / 2 ** 20} MB`, () => {
    expect(outputBytes).toBeGreaterThan(10 * 2 ** 20); // real-sized: tens of MB of outputs
    for (const key of ['rendered', 'scrolled', 'reloaded', 'reloadScrolled']) {
      expect(heap[key] - heap.empty, key).toBeLessThan(HEAP_PER_OUTPUT_BYTE * outputBytes);
    }
    expect(heap.scrolled - heap.rendered).toBeLessThan(DRAW_HEAP_BOUND);
    expect(heap.reloadScrolled - heap.reloaded).toBeLessThan(DRAW_HEAP_BOUND);
  });
});
