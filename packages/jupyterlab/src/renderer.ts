/**
 * The Lumino widget JupyterLab creates for each jacobi output: it validates the payload (string or
 * object), mounts the matching interactive view, and redraws it when the theme changes. Anything
 * wrong with the payload becomes an error box; no exception escapes `renderModel`.
 */
import { isJacobiMime, validatePayload, type Payload } from '@jacobi/viz';
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Widget } from '@lumino/widgets';
import { el } from './dom';
import { graphView } from './graph';
import { jacobianView, tensorView, type View } from './heatmap';
import { paintWhenVisible } from './schedule';
import { chainPlanView, memoryReportView } from './structure';

/** CSS class of every jacobi output. */
export const RENDERER_CLASS = 'jp-JacobiRenderer';
/** CSS class of the box shown for a payload that cannot be rendered. */
export const ERROR_CLASS = 'jp-Jacobi-error';

/** The interactive view for a validated payload. */
export function viewFor(payload: Payload): View {
  switch (payload.kind) {
    case 'tensor':
      return tensorView(payload);
    case 'jacobian':
      return jacobianView(payload);
    case 'graph':
      return graphView(payload);
    case 'chain-plan':
      return chainPlanView(payload);
    case 'memory-report':
      return memoryReportView(payload);
  }
}

/** Renders one jacobi MIME type; created by {@link rendererFactory}. */
export class JacobiRenderer extends Widget implements IRenderMime.IRenderer {
  private readonly mimeType: string;
  private view: View | null = null;
  private themeObserver: MutationObserver | null = null;
  /** Whether the view has been painted; until then theme changes and attaching cost nothing. */
  private painted = false;
  private cancelPaint: (() => void) | null = null;

  constructor(options: IRenderMime.IRendererOptions) {
    super();
    this.mimeType = options.mimeType;
    this.addClass(RENDERER_CLASS);
  }

  /** Validates the model's payload and shows it, or shows an error box saying what is wrong. */
  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    this.clear();
    try {
      if (!isJacobiMime(this.mimeType)) throw new Error(`unsupported MIME type ${this.mimeType}`);
      const payload = validatePayload(this.mimeType, model.data[this.mimeType]);
      this.view = viewFor(payload);
      this.node.appendChild(this.view.node);
      this.watchTheme();
      // Decoding and drawing wait until the output is near the viewport, in a task of their own:
      // a notebook with many large outputs then never blocks on all of them at once.
      this.cancelPaint = paintWhenVisible(this.node, () => {
        this.painted = true;
        this.repaint();
      });
    } catch (error) {
      this.clear();
      this.node.appendChild(errorBox(this.mimeType, error));
    }
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.clear();
    super.dispose();
  }

  protected onAfterAttach(): void {
    // Theme variables may differ where the output is attached from where it was painted.
    this.repaint();
  }

  private repaint(): void {
    if (!this.painted) return;
    try {
      this.view?.repaint();
    } catch (error) {
      this.clear();
      this.node.appendChild(errorBox(this.mimeType, error));
    }
  }

  /** JupyterLab marks the body with the theme name when the theme changes: redraw then. */
  private watchTheme(): void {
    this.themeObserver = new MutationObserver(() => this.repaint());
    this.themeObserver.observe(document.body, { attributes: true, attributeFilter: ['data-jp-theme-name', 'data-jp-theme-light'] });
  }

  private clear(): void {
    this.cancelPaint?.();
    this.cancelPaint = null;
    this.painted = false;
    this.themeObserver?.disconnect();
    this.themeObserver = null;
    this.view?.dispose();
    this.view = null;
    this.node.replaceChildren();
  }
}

/** An error box with the reason as plain text (never markup). */
export function errorBox(mimeType: string, error: unknown): HTMLElement {
  const message = error instanceof Error ? error.message : String(error);
  return el('div', { className: ERROR_CLASS, attrs: { role: 'alert' } }, [
    el('div', { className: 'jp-Jacobi-errorTitle', text: `Cannot show this ${mimeType} output` }),
    el('pre', { text: message.length > 2000 ? `${message.slice(0, 2000)} …` : message }),
  ]);
}
