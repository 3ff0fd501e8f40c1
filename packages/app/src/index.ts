/**
 * The jacobi notebook page: a single JupyterLab notebook built from the @jupyterlab npm packages
 * (like JupyterLab's examples/notebook), talking to a local jupyter_server with the tslab kernel,
 * with the prebuilt @jacobi/jupyterlab renderers loaded through JupyterLab's federated path.
 *
 * URL parameters: `token` (the server's token), `path` (notebook to open, relative to the
 * server root) and `theme` (`light` | `dark`).
 */
import { DocumentManager, type IDocumentWidgetOpener } from '@jupyterlab/docmanager';
import { DocumentRegistry, type IDocumentWidget } from '@jupyterlab/docregistry';
import { createMarkdownParser } from '@jupyterlab/markedparser-extension';
import { MathJaxTypesetter } from '@jupyterlab/mathjax-extension';
import { NotebookActions, NotebookModelFactory, NotebookPanel, NotebookWidgetFactory } from '@jupyterlab/notebook';
import { RenderMimeRegistry, standardRendererFactories } from '@jupyterlab/rendermime';
import { ServerConnection, ServiceManager } from '@jupyterlab/services';
import { CommandRegistry } from '@lumino/commands';
import { Signal } from '@lumino/signaling';
import { BoxPanel, Widget } from '@lumino/widgets';
import { editorServices } from './editor';
import { loadMimeExtension } from './federated';
import { savedTheme, setTheme, type ThemeName } from './theme';

/** Where the build puts the prebuilt renderer extension, relative to this page. */
const EXTENSION_URL = 'labextensions/@jacobi/jupyterlab';
/** Kernel every notebook runs on. */
const KERNEL = 'tslab';

/** What the page exposes for scripting and browser tests. */
export interface JacobiPage {
  panel: NotebookPanel;
  /** Resolves when the notebook is open and its kernel is idle. */
  ready: Promise<void>;
  /** Runs every cell; resolves when all have finished (false if one failed). */
  runAll(): Promise<boolean>;
  setTheme(theme: ThemeName): Promise<void>;
  /** Error met while loading the renderer extension, if any. */
  extensionError: string | null;
}

declare global {
  interface Window {
    jacobi?: JacobiPage;
  }
}

/** The page shows one notebook, already attached: opening needs no placement. */
class SinglePageOpener implements IDocumentWidgetOpener {
  readonly opened: Signal<IDocumentWidgetOpener, IDocumentWidget> = new Signal(this);
  open(widget: IDocumentWidget): void {
    this.opened.emit(widget);
  }
}

function serverSettings(params: URLSearchParams): ServerConnection.ISettings {
  const baseUrl = new URL('/', location.href).href;
  const wsUrl = baseUrl.replace(/^http/, 'ws');
  return ServerConnection.makeSettings({ baseUrl, wsUrl, token: params.get('token') ?? '', appendToken: true });
}

/** A menu of the notebooks beside the open one; choosing one opens it in this page. */
async function notebookMenu(manager: ServiceManager, path: string): Promise<HTMLSelectElement> {
  const folder = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const menu = document.createElement('select');
  menu.className = 'jacobi-notebooks';
  menu.title = 'Open another notebook';
  const listing = await manager.contents.get(folder, { content: true });
  const names = (listing.content as { name: string; type: string }[])
    .filter((item) => item.type === 'notebook' && !item.name.startsWith('_'))
    .map((item) => item.name)
    .sort();
  for (const name of names) {
    const option = document.createElement('option');
    option.value = folder ? `${folder}/${name}` : name;
    option.textContent = name;
    option.selected = option.value === path;
    menu.appendChild(option);
  }
  menu.addEventListener('change', () => {
    const params = new URLSearchParams(location.search);
    params.set('path', menu.value);
    location.search = params.toString();
  });
  return menu;
}

function button(label: string, title: string, onClick: () => void): HTMLButtonElement {
  const node = document.createElement('button');
  node.className = 'jacobi-button';
  node.textContent = label;
  node.title = title;
  node.addEventListener('click', onClick);
  return node;
}

async function main(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const path = params.get('path') ?? 'notebooks/welcome.ipynb';
  await setTheme((params.get('theme') as ThemeName | null) ?? savedTheme());

  const manager = new ServiceManager({ serverSettings: serverSettings(params) });
  await manager.ready; // kernel specs known, so the notebook starts tslab rather than a default
  const { languages, editorFactory, mimeTypeService } = editorServices();
  const rendermime = new RenderMimeRegistry({
    initialFactories: standardRendererFactories,
    markdownParser: createMarkdownParser(languages),
    latexTypesetter: new MathJaxTypesetter(), // tutorials write their maths in LaTeX
  });

  let extensionError: string | null = null;
  try {
    for (const extension of await loadMimeExtension(EXTENSION_URL)) {
      rendermime.addFactory(extension.rendererFactory, extension.rank);
    }
  } catch (error) {
    extensionError = (error as Error).message;
    console.error('jacobi renderers not loaded:', error);
  }

  const registry = new DocumentRegistry();
  const docManager = new DocumentManager({ registry, manager, opener: new SinglePageOpener() });
  registry.addModelFactory(new NotebookModelFactory({}));
  registry.addWidgetFactory(
    new NotebookWidgetFactory({
      name: 'Notebook',
      modelName: 'notebook',
      fileTypes: ['notebook'],
      defaultFor: ['notebook'],
      preferKernel: true,
      canStartKernel: true,
      rendermime,
      contentFactory: new NotebookPanel.ContentFactory({ editorFactory }),
      mimeTypeService,
    }),
  );
  const panel = docManager.open(path, 'Notebook', { name: KERNEL }) as NotebookPanel | undefined;
  if (!panel) throw new Error(`cannot open ${path}`);

  const commands = new CommandRegistry();
  document.addEventListener('keydown', (event) => commands.processKeydownEvent(event), true);
  const runAndAdvance = () => NotebookActions.runAndAdvance(panel.content, panel.sessionContext);
  commands.addCommand('notebook:run-and-advance', { label: 'Run and advance', execute: runAndAdvance });
  commands.addCommand('notebook:save', { label: 'Save', execute: () => panel.context.save() });
  commands.addCommand('notebook:edit-mode', { label: 'Edit mode', execute: () => void (panel.content.mode = 'edit') });
  commands.addCommand('notebook:command-mode', { label: 'Command mode', execute: () => void (panel.content.mode = 'command') });
  commands.addKeyBinding({ selector: '.jp-Notebook', keys: ['Shift Enter'], command: 'notebook:run-and-advance' });
  commands.addKeyBinding({ selector: '.jp-Notebook', keys: ['Accel S'], command: 'notebook:save' });
  commands.addKeyBinding({ selector: '.jp-Notebook.jp-mod-commandMode:focus', keys: ['Enter'], command: 'notebook:edit-mode' });
  commands.addKeyBinding({ selector: '.jp-Notebook.jp-mod-editMode', keys: ['Escape'], command: 'notebook:command-mode' });

  const runAll = () => NotebookActions.runAll(panel.content, panel.sessionContext);
  const status = document.createElement('span');
  status.className = 'jacobi-status';
  const header = new Widget({ node: document.createElement('header') });
  header.addClass('jacobi-header');
  const title = document.createElement('strong');
  title.textContent = 'jacobi';
  const menu = await notebookMenu(manager, path).catch(() => null);
  header.node.append(
    title,
    menu ?? document.createTextNode(path),
    button('Run all', 'Run every cell', () => void runAll()),
    button('Restart kernel', 'Restart the tslab kernel', () => void panel.sessionContext.restartKernel()),
    button('Save', 'Save the notebook', () => void panel.context.save()),
    button('Light / dark', 'Switch the theme', () => void setTheme(document.body.dataset.jpThemeLight === 'false' ? 'light' : 'dark')),
    status,
  );
  if (extensionError) status.textContent = `renderers not loaded: ${extensionError}`;

  const layout = new BoxPanel({ direction: 'top-to-bottom', spacing: 0 });
  layout.id = 'main';
  BoxPanel.setStretch(header, 0);
  BoxPanel.setStretch(panel, 1);
  layout.addWidget(header);
  layout.addWidget(panel);
  Widget.attach(layout, document.body);
  window.addEventListener('resize', () => layout.update());

  const ready = (async () => {
    await panel.context.ready;
    await panel.sessionContext.ready;
    const kernel = panel.sessionContext.session?.kernel;
    if (kernel) await kernel.info;
    panel.sessionContext.statusChanged.connect((_, s) => (status.textContent = extensionError ? status.textContent : `kernel: ${s}`));
    status.textContent = extensionError ? status.textContent : `kernel: ${panel.sessionContext.kernelDisplayStatus}`;
  })();
  window.jacobi = { panel, ready, runAll, setTheme, extensionError };
}

main().catch((error) => {
  console.error(error);
  const box = document.createElement('pre');
  box.className = 'jacobi-fatal';
  box.textContent = `The notebook page could not start: ${(error as Error).message}`;
  document.body.appendChild(box);
});
