/**
 * Decides whether `npm start` must rebuild: a workspace is stale when its built output is missing
 * or older than any of its sources. Only a few small source folders are walked (never
 * node_modules), so a start where nothing changed stays fast.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Folders of a workspace whose files are build inputs. */
export const SOURCE_DIRS = ['src', 'assembly', 'style', 'static'];

/** Newest modification time (ms) of the files under `dir`, skipping tests; 0 when absent. */
function newestIn(dir) {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestIn(path));
    else if (!/\.test\.[cm]?[jt]s$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The first workspace that needs building, with the reason, or null when every output is
 * present and newer than its sources.
 * @param root - the repository root
 * @param workspaces - each workspace folder (relative to root) with the output its build writes
 */
export function staleWorkspace(root, workspaces) {
  for (const { dir, output } of workspaces) {
    let builtAt;
    try {
      builtAt = statSync(join(root, output)).mtimeMs;
    } catch {
      return { dir, reason: `${output} is missing` };
    }
    const newest = Math.max(...SOURCE_DIRS.map((d) => newestIn(join(root, dir, d))));
    if (newest > builtAt) return { dir, reason: `${dir} has sources newer than ${output}` };
  }
  return null;
}
