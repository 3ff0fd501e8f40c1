/**
 * Loads prebuilt JupyterLab extensions the way JupyterLab does: read the extension's
 * `package.json` (`jupyterlab._build`), add its remoteEntry script, initialise the webpack
 * container with this page's own shared singletons, then take `./mimeExtension` and `./style`.
 */
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import * as luminoWidgets from '@lumino/widgets';

/** The webpack module-federation container a remoteEntry script registers. */
interface Container {
  init(shareScope: Record<string, unknown>): Promise<void> | void;
  get(module: string): Promise<() => unknown>;
}

declare global {
  interface Window {
    _JUPYTERLAB?: Record<string, Container>;
  }
}

/** Packages the page shares with extensions as singletons (the extension does not bundle them). */
const SHARED: Record<string, { version: string; module: unknown }> = {
  '@lumino/widgets': { version: '2.10.0', module: luminoWidgets },
};

function shareScope(): Record<string, unknown> {
  const scope: Record<string, unknown> = {};
  for (const [name, { version, module }] of Object.entries(SHARED)) {
    scope[name] = { [version]: { get: () => Promise.resolve(() => module), loaded: 1, from: '@jacobi/app', eager: true } };
  }
  return scope;
}

function addScript(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = url;
    script.async = true;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`could not load ${url}`));
    document.head.appendChild(script);
  });
}

/**
 * Loads the prebuilt mime-renderer extension served under `baseUrl` (the folder holding its
 * package.json and static/), injects its style, and returns its renderer extensions.
 */
export async function loadMimeExtension(baseUrl: string): Promise<IRenderMime.IExtension[]> {
  const response = await fetch(`${baseUrl}/package.json`);
  if (!response.ok) throw new Error(`extension metadata ${baseUrl}/package.json: HTTP ${response.status}`);
  const pkg = (await response.json()) as { name: string; jupyterlab?: { _build?: { load: string; mimeExtension?: string; style?: string } } };
  const build = pkg.jupyterlab?._build;
  if (!build?.mimeExtension) throw new Error(`${pkg.name} is not a prebuilt mime-renderer extension (no jupyterlab._build.mimeExtension)`);
  await addScript(`${baseUrl}/${build.load}`);
  const container = window._JUPYTERLAB?.[pkg.name];
  if (!container) throw new Error(`${pkg.name}: its remoteEntry registered no container`);
  await container.init(shareScope());
  if (build.style) (await container.get(build.style))();
  const module = (await container.get(build.mimeExtension))() as { default: IRenderMime.IExtension | IRenderMime.IExtension[] };
  return Array.isArray(module.default) ? module.default : [module.default];
}
