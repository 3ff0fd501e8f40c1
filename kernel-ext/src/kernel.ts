/**
 * The bridge to the RUNNING tslab kernel. tslab's public `display` sends one MIME type per message,
 * and a copy of tslab imported by a helper package is not the kernel's copy (its writer is unset:
 * "Not ready"). So we find the kernel's own `tslab/dist/jupyter.js` among the loaded modules and
 * call its `lastWriteDisplayData`, which sends a whole MIME bundle in one message.
 */
import { createRequire } from 'node:module';

/** A Jupyter MIME bundle: MIME type → data (JSON types as objects, the rest as strings). */
export type MimeBundle = Record<string, unknown>;

/** The message content tslab's writer sends as display_data / update_display_data. */
export interface DisplayContent {
  data: MimeBundle;
  metadata: Record<string, unknown>;
  transient: { display_id?: string };
}

/** tslab's per-execution writer: `update` chooses update_display_data over display_data. */
export type DisplayWriter = (content: DisplayContent, update: boolean) => void;

const JUPYTER_MODULE = /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/;

/** The module cache shared by every `require` in this process. */
function nodeRequire(): NodeRequire {
  return createRequire(`${process.cwd()}/`);
}

/**
 * The running kernel's display writer, or undefined outside a tslab kernel. Looked up at every
 * call: tslab replaces the writer for each executed cell.
 */
export function kernelDisplayWriter(): DisplayWriter | undefined {
  const req = nodeRequire();
  for (const [path, mod] of Object.entries(req.cache)) {
    const writer = JUPYTER_MODULE.test(path) ? (mod?.exports as { lastWriteDisplayData?: unknown })?.lastWriteDisplayData : undefined;
    if (typeof writer === 'function') return writer as DisplayWriter;
  }
  // Not in the cache under the expected path: ask the kernel's main module (tslab's own binary).
  try {
    const jupyter = req.main?.require('tslab/dist/jupyter') as { lastWriteDisplayData?: unknown } | undefined;
    if (typeof jupyter?.lastWriteDisplayData === 'function') return jupyter.lastWriteDisplayData as DisplayWriter;
  } catch {
    // not a tslab process
  }
  return undefined;
}

/** Sends one MIME bundle to the notebook; throws with a clear message outside a tslab kernel. */
export function sendBundle(data: MimeBundle, options: { displayId?: string; update?: boolean } = {}): void {
  const writer = kernelDisplayWriter();
  if (!writer) {
    throw new Error(
      '@jacobi/notebook: no running tslab kernel found (tslab/dist/jupyter.js is not loaded or has not executed a cell); show() works inside a tslab notebook',
    );
  }
  writer({ data, metadata: {}, transient: options.displayId ? { display_id: options.displayId } : {} }, options.update ?? false);
}
