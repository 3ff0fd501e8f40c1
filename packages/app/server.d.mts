import type { ChildProcess } from 'node:child_process';

/** The repository root. */
export declare const repoRoot: string;
/** The built page (packages/app/build). */
export declare const pageDir: string;
/** The Python that has Debian's Jupyter packages. */
export declare const PYTHON: string;
/** True if `PYTHON` can import jupyter_server. */
export declare function hasJupyterServer(): boolean;
/** Registers the tslab kernel specs; throws on failure. */
export declare function registerTslabKernel(): void;
/** A free TCP port on 127.0.0.1. */
export declare function freePort(): Promise<number>;

/** A running jupyter_server. */
export interface JupyterServer {
  child: ChildProcess;
  pid: number;
  port: number;
  token: string;
  base: string;
  /** URL of the page opening `notebookPath` (relative to the server root), with extra query parameters. */
  pageUrl(notebookPath: string, extra?: Record<string, string>): string;
  /** Stops the server by its PID. */
  stop(): Promise<void>;
  /** The last 20 kB the server printed. */
  output(): string;
}

/** Starts jupyter_server on 127.0.0.1 with a token, serving `rootDir` and the built page. */
export declare function startJupyter(options?: {
  rootDir?: string;
  port?: number;
  token?: string;
  timeoutMs?: number;
  log?: (text: string) => void;
}): Promise<JupyterServer>;
/** Stops a child process: SIGTERM, then SIGKILL after `graceMs`. */
export declare function stopProcess(child: ChildProcess, graceMs?: number): Promise<void>;
