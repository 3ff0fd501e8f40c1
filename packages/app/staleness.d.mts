/** Folders of a workspace whose files are build inputs. */
export declare const SOURCE_DIRS: string[];
/** The first workspace that needs building, with the reason, or null when all outputs are fresh. */
export declare function staleWorkspace(
  root: string,
  workspaces: { dir: string; output: string }[],
): { dir: string; reason: string } | null;
