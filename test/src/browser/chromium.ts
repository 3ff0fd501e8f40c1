/**
 * Headless Debian Chromium (/usr/bin/chromium) for the browser tests: a fresh profile each launch,
 * and the flags that keep it from reaching for the network (this machine's network is closed).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

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
