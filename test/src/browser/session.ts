/**
 * What every browser test starts with: its notebook written under test-results/browser, Debian's
 * jupyter_server with the tslab kernel, and headless Debian Chromium (/usr/bin/chromium) with a
 * fresh profile and the flags that keep it from reaching for the network (this machine's is closed).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { registerTslabKernel, startJupyter, type JupyterServer } from '../../../packages/app/server.mjs';

/** Where the browser tests write their notebooks and screenshots (ignored by git). */
export const RESULTS_DIR = join(fileURLToPath(new URL('../..', import.meta.url)), 'test-results', 'browser');

/** A launched browser: its context, its first page, and a close() that also removes the profile. */
export interface LaunchedChromium {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Launches headless Chromium with a new empty profile and a page of the given viewport. */
export async function launchChromium(viewport = { width: 1280, height: 1000 }): Promise<LaunchedChromium> {
  const profileDir = mkdtempSync(join(tmpdir(), 'jacobi-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/** A running Jupyter server and browser; close() stops both. */
export interface BrowserSession {
  server: JupyterServer;
  browser: LaunchedChromium;
  close(): Promise<void>;
}

/** Writes `notebook` to RESULTS_DIR/<name>.ipynb, then starts Jupyter (tslab registered) and Chromium. */
export async function startSession(name: string, notebook: unknown, viewport?: { width: number; height: number }): Promise<BrowserSession> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${name}.ipynb`), JSON.stringify(notebook));
  registerTslabKernel();
  const server = await startJupyter();
  const browser = await launchChromium(viewport);
  return {
    server,
    browser,
    async close() {
      await browser.close();
      await server.stop();
    },
  };
}
