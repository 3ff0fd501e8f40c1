/**
 * The interactive heatmap of a tensor or Jacobian payload: a canvas with hover tooltip (indices,
 * names, value), wheel zoom and drag pan, a colour bar, a slice selector for n-d tensors and a
 * heatmap/table toggle. Colours follow the theme and are redrawn when it changes.
 */
import { cellLabel, MAX_VALUE_CELLS, type JacobianPayload, type TensorPayload, type TensorStats } from '@jacobi/viz';
import { DivergingScale, themePalette } from './colors';
import { el, formatNumber, formatShape, svg } from './dom';
import { HeatmapData, type Plane } from './matrix';
import { Viewport } from './viewport';
import { bindPanZoom, type Listen } from './panzoom';


/** Largest side of the fitted heatmap, in CSS pixels. */
const VIEW_SIZE = 360;
/** Largest size of one cell at zoom 1, in CSS pixels. */
const MAX_CELL = 40;
/** Largest side of the canvas, in CSS pixels (browsers refuse canvases much larger). */
const MAX_CANVAS_SIDE = 4096;
/** The table view shows at most this many rows and columns (the heatmap shows everything). */
const TABLE_LIMIT = 64;

/** A view the renderer can mount, repaint on theme change, and dispose. */
export interface View {
  readonly node: HTMLElement;
  /**
   * Re-reads theme colours and redraws. A heatmap draws (and decodes its values) only from its
   * first repaint on, which the renderer calls once the output is near the viewport.
   */
  repaint(): void;
  dispose(): void;
}

/** Heatmap of a tensor payload. */
export function tensorView(payload: TensorPayload): View {
  const title = `${payload.name ?? 'tensor'} ${formatShape(payload.shape)} ${payload.dtype}`;
  return new HeatmapView(HeatmapData.fromTensor(payload), title, payload.stats);
}

/** Heatmap of a Jacobian payload: rows are outputs, columns inputs. */
export function jacobianView(payload: JacobianPayload): View {
  const m = payload.matrix.shape;
  const mode = payload.mode ? `, ${payload.mode} mode` : '';
  const title =
    `∂${payload.functionName}/∂${payload.inputName}: ${formatShape(payload.outputShape)} × ${formatShape(payload.inputShape)}` +
    ` → ${m[0]} × ${m[1]}${mode}`;
  return new HeatmapView(HeatmapData.fromJacobian(payload), title, payload.matrix.stats, jacobianAxes(payload));
}

/** Which axis is which: rows are the outputs of f, columns the inputs x (named when few). */
function jacobianAxes(payload: JacobianPayload): string {
  const [m, n] = payload.matrix.shape;
  const names = (list: string[] | undefined) => (list && list.length <= 8 ? `: ${list.join(', ')}` : '');
  return `rows: ${m} outputs of ${payload.functionName}${names(payload.outputNames)} · columns: ${n} inputs ${payload.inputName}${names(payload.inputNames)}`;
}

class HeatmapView implements View {
  readonly node: HTMLElement;
  private readonly canvas = el('canvas', { className: 'jp-Jacobi-canvas' });
  private readonly colorBar = el('canvas', { className: 'jp-Jacobi-colorbar', attrs: { width: 12, height: 160 } });
  private readonly histogram = el('div', { className: 'jp-Jacobi-histogram' });
  private readonly tooltip = el('div', { className: 'jp-Jacobi-tooltip', attrs: { role: 'tooltip' } });
  private readonly table = el('div', { className: 'jp-Jacobi-tableWrap' });
  private readonly heatmapPane: HTMLElement;
  private readonly toggle = el('button', { className: 'jp-Jacobi-button jp-Jacobi-toggle', text: 'Table' });
  private readonly slice: number[];
  private readonly viewport = new Viewport();
  /** The plane on show; decoded at the first repaint, which the renderer defers until visible. */
  private planeCache: Plane | null = null;
  private scale!: DivergingScale;
  private image: HTMLCanvasElement | null = null;
  private showingTable = false;
  private readonly cleanups: (() => void)[] = [];

  constructor(
    private readonly data: HeatmapData,
    title: string,
    private readonly stats: TensorStats,
    caption?: string,
  ) {
    this.slice = data.sliceAxes.map(() => 0);
    const reset = el('button', { className: 'jp-Jacobi-button', text: 'Reset view', attrs: { title: 'Zoom back to fit' } });
    this.listen(reset, 'click', () => this.resetView());
    this.listen(this.toggle, 'click', () => this.setTable(!this.showingTable));

    const min = el('span', { text: formatNumber(-this.limit) });
    const max = el('span', { text: formatNumber(this.limit) });
    this.heatmapPane = el('div', { className: 'jp-Jacobi-heatmapPane' }, [
      el('div', { className: 'jp-Jacobi-canvasWrap' }, [this.canvas, this.tooltip]),
      el('div', { className: 'jp-Jacobi-legend', attrs: { title: 'Colour scale, symmetric around 0' } }, [
        max, this.colorBar, min,
      ]),
    ]);
    this.table.hidden = true;
    this.node = el('div', { className: 'jp-Jacobi-heatmap' }, [
      el('div', { className: 'jp-Jacobi-title', text: title }),
      el('div', { className: 'jp-Jacobi-summary' }, [this.histogram, el('div', { className: 'jp-Jacobi-stats', text: statsLine(stats, data) })]),
      caption ? el('div', { className: 'jp-Jacobi-stats jp-Jacobi-axes', text: caption }) : null,
      el('div', { className: 'jp-Jacobi-controls' }, [...this.sliceControls(), this.toggle, reset]),
      this.heatmapPane,
      this.table,
    ]);
    this.tooltip.hidden = true;
    this.bindPointer();
    this.layout();
  }

  private get plane(): Plane {
    return (this.planeCache ??= this.data.plane(this.slice));
  }

  /** Symmetric colour limit: largest finite |value| of the full tensor. */
  private get limit(): number {
    return this.stats.absMax ?? 0;
  }

  repaint(): void {
    this.scale = new DivergingScale(themePalette(this.node.isConnected ? this.node : document.body), this.limit);
    this.image = this.renderPlane();
    this.drawColorBar();
    this.drawHistogram();
    this.draw();
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  private listen<K extends keyof GlobalEventHandlersEventMap>(target: Element, type: K, handler: (e: GlobalEventHandlersEventMap[K]) => void, options?: AddEventListenerOptions): void {
    target.addEventListener(type, handler as EventListener, options);
    this.cleanups.push(() => target.removeEventListener(type, handler as EventListener, options));
  }

  /** One range input per leading axis of an n-d tensor. */
  private sliceControls(): HTMLElement[] {
    return this.data.sliceAxes.map((axis) => {
      const size = this.data.displayShape[axis];
      const label = el('span', { className: 'jp-Jacobi-sliceLabel' });
      const input = el('input', {
        className: 'jp-Jacobi-slice',
        attrs: { type: 'range', min: 0, max: size - 1, step: 1, value: 0, 'data-axis': axis, 'aria-label': `index along axis ${axis}` },
      });
      const update = () => {
        const [start, end] = this.data.range(axis, this.slice[axis]);
        label.textContent = `axis ${axis}: ${end - start > 1 ? `${start}:${end}` : start} of ${this.data.shape[axis]}`;
      };
      this.listen(input, 'input', () => {
        this.slice[axis] = Number(input.value);
        update();
        this.planeCache = null;
        if (!this.image) return; // not painted yet: the first repaint draws this slice
        this.image = this.renderPlane();
        this.draw();
        if (this.showingTable) this.fillTable();
      });
      update();
      return el('label', { className: 'jp-Jacobi-sliceControl' }, [label, input]);
    });
  }

  private setTable(on: boolean): void {
    this.showingTable = on;
    this.toggle.textContent = on ? 'Heatmap' : 'Table';
    this.table.hidden = !on;
    this.heatmapPane.hidden = on;
    if (on) this.fillTable();
  }

  private fillTable(): void {
    const { rows, cols, values } = this.plane;
    const shownRows = Math.min(rows, TABLE_LIMIT);
    const shownCols = Math.min(cols, TABLE_LIMIT);
    const header = el('tr', {}, [el('th'), ...Array.from({ length: shownCols }, (_, c) => el('th', { text: String(c) }))]);
    const body = Array.from({ length: shownRows }, (_, r) =>
      el('tr', {}, [
        el('th', { text: String(r) }),
        ...Array.from({ length: shownCols }, (_, c) => {
          const v = values[r * cols + c];
          return el('td', { text: formatNumber(v), attrs: { style: `background:${this.scale.css(v)}` } });
        }),
      ]),
    );
    const note = rows > shownRows || cols > shownCols ? `showing ${shownRows} × ${shownCols} of ${rows} × ${cols} displayed values` : '';
    this.table.replaceChildren(el('table', { className: 'jp-Jacobi-table' }, [el('thead', {}, [header]), el('tbody', {}, body)]), el('div', { className: 'jp-Jacobi-note', text: note }));
  }

  /** Canvas size from the plane's shape (known before decoding): cells as large as fit, up to MAX_CELL. */
  private layout(): void {
    const { rows, cols } = this.data.planeShape;
    // Cells shrink below a pixel rather than the canvas outgrow MAX_CANVAS_SIDE; an empty plane
    // (a zero-length axis, however long the other) gets a 1-pixel canvas.
    const empty = rows === 0 || cols === 0;
    const longest = empty ? 1 : Math.max(rows, cols);
    const cell = Math.max(Math.min(1, MAX_CANVAS_SIDE / longest), Math.min(MAX_CELL, VIEW_SIZE / longest));
    const width = empty ? 1 : Math.max(1, Math.round(cols * cell));
    const height = empty ? 1 : Math.max(1, Math.round(rows * cell));
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(width * dpr);
    this.canvas.height = Math.round(height * dpr);
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    this.canvas.dataset.rows = String(rows);
    this.canvas.dataset.cols = String(cols);
    this.viewport.reset(cell);
  }

  private resetView(): void {
    this.viewport.reset();
    this.draw();
  }

  /** The plane as a 1-pixel-per-cell image, scaled up when drawn. */
  private renderPlane(): HTMLCanvasElement {
    const { rows, cols, values } = this.plane;
    const image = document.createElement('canvas');
    image.width = cols;
    image.height = rows;
    if (rows === 0 || cols === 0) return image; // nothing to draw (and no empty ImageData exists)
    const context = image.getContext('2d');
    if (!context) return image;
    const pixels = context.createImageData(cols, rows);
    for (let i = 0; i < values.length; i++) {
      this.scale.write(values[i], pixels.data, i * 4);
      pixels.data[i * 4 + 3] = 255;
    }
    context.putImageData(pixels, 0, 0);
    return image;
  }

  private draw(): void {
    const context = this.canvas.getContext('2d');
    if (!context || !this.image) return;
    const dpr = window.devicePixelRatio || 1;
    const { scale, offsetX, offsetY } = this.viewport;
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.fillStyle = this.scale.palette.zero;
    context.fillRect(0, 0, this.canvas.width, this.canvas.height);
    context.imageSmoothingEnabled = false;
    context.setTransform(dpr * scale, 0, 0, dpr * scale, dpr * offsetX, dpr * offsetY);
    if (this.image.width && this.image.height) context.drawImage(this.image, 0, 0); // an empty canvas cannot be drawn
    this.drawValues(context, dpr);
    this.canvas.dataset.zoom = this.viewport.zoom.toFixed(3);
  }

  /** Each value as text in its cell, for small exact planes (like the static SVG picture). */
  private drawValues(context: CanvasRenderingContext2D, dpr: number): void {
    const { rows, cols, values } = this.plane;
    let drawn = 0;
    this.canvas.dataset.values = '0';
    if (this.data.tensor.sampling.method !== 'exact' || rows > MAX_VALUE_CELLS || cols > MAX_VALUE_CELLS) return;
    const { scale, offsetX, offsetY } = this.viewport;
    context.setTransform(dpr, 0, 0, dpr, 0, 0);
    context.textAlign = 'center';
    context.textBaseline = 'middle';
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const v = values[i * cols + j];
        const cell = cellLabel(v, scale, scale);
        if (!cell) continue;
        const { label, size } = cell;
        context.font = `${size}px monospace`;
        context.fillStyle = this.scale.ink(v);
        context.fillText(label, offsetX + (j + 0.5) * scale, offsetY + (i + 0.5) * scale);
        drawn++;
      }
    }
    this.canvas.dataset.values = String(drawn);
  }

  private drawColorBar(): void {
    const context = this.colorBar.getContext('2d');
    if (!context) return;
    const { width, height } = this.colorBar;
    for (let y = 0; y < height; y++) {
      context.fillStyle = this.scale.css(this.limit * (1 - (2 * y) / (height - 1)));
      context.fillRect(0, y, width, 1);
    }
  }

  /** Histogram of the full tensor's finite values (from the payload's stats), bars in scale colours. */
  private drawHistogram(): void {
    const { lo, hi, counts } = this.stats.histogram;
    if (counts.length === 0) {
      this.histogram.replaceChildren();
      return;
    }
    const width = 120;
    const height = 28;
    const tallest = Math.max(...counts, 1);
    const bin = (hi - lo) / counts.length;
    const bars = counts.map((count, i) => {
      const h = count > 0 ? Math.max(1, (count / tallest) * height) : 0;
      return svg('rect', {
        attrs: { x: (i * width) / counts.length, y: height - h, width: width / counts.length, height: h, fill: this.scale.css(lo + (i + 0.5) * bin) },
      }, [svg('title', { text: `${formatNumber(lo + i * bin)} … ${formatNumber(lo + (i + 1) * bin)}: ${count}` })]);
    });
    this.histogram.replaceChildren(svg('svg', { attrs: { width, height, role: 'img', 'aria-label': 'histogram of values' } }, bars));
  }

  /** The displayed cell under a pointer event, or null outside the content. */
  private cellAt(event: MouseEvent): [row: number, col: number] | null {
    const box = this.canvas.getBoundingClientRect();
    const [x, y] = this.viewport.toContent(event.clientX - box.left, event.clientY - box.top);
    const row = Math.floor(y);
    const col = Math.floor(x);
    const { rows, cols } = this.data.planeShape;
    return row >= 0 && col >= 0 && row < rows && col < cols ? [row, col] : null;
  }

  private bindPointer(): void {
    bindPanZoom(this.canvas, this.viewport, this.listen.bind(this) as Listen, () => this.clampAndDraw());
    this.listen(this.canvas, 'pointerleave', () => (this.tooltip.hidden = true));
    this.listen(this.canvas, 'dblclick', () => this.resetView());
    this.listen(this.canvas, 'pointermove', (e) => this.showTooltip(e));
  }

  private clampAndDraw(): void {
    const { rows, cols } = this.data.planeShape;
    this.viewport.clamp(cols, rows, this.canvas.clientWidth || cols * this.viewport.fitScale, this.canvas.clientHeight || rows * this.viewport.fitScale);
    this.draw();
  }

  private showTooltip(event: MouseEvent): void {
    const cell = this.cellAt(event);
    if (!cell) {
      this.tooltip.hidden = true;
      return;
    }
    const [row, col] = cell;
    const value = this.plane.values[row * this.plane.cols + col];
    const about = this.data.describe(this.slice, row, col);
    const lines = [
      about.output ? `${about.output} / ${about.input}` : null,
      `index ${about.index}${about.exact ? '' : ` (${samplingWord(this.data)} of block)`}`,
      `value ${formatNumber(value)}`,
    ];
    this.tooltip.replaceChildren(...lines.filter((t): t is string => t !== null).map((text) => el('div', { text })));
    const box = this.canvas.getBoundingClientRect();
    this.tooltip.style.left = `${event.clientX - box.left + 12}px`;
    this.tooltip.style.top = `${event.clientY - box.top + 12}px`;
    this.tooltip.hidden = false;
  }
}

function samplingWord(data: HeatmapData): string {
  const method = data.tensor.sampling.method;
  return method === 'maxabs' ? 'largest |value|' : method === 'mean' ? 'mean' : 'first value';
}

function statsLine(stats: TensorStats, data: HeatmapData): string {
  const parts = [
    `min ${formatNumber(stats.min)}`,
    `max ${formatNumber(stats.max)}`,
    `mean ${formatNumber(stats.mean)}`,
    `std ${formatNumber(stats.std)}`,
  ];
  const bad = stats.nanCount + stats.posInfCount + stats.negInfCount;
  if (bad) parts.push(`${stats.nanCount} NaN, ${stats.posInfCount} +Inf, ${stats.negInfCount} -Inf`);
  if (data.tensor.sampling.method !== 'exact') {
    parts.push(`shown downsampled to ${formatShape(data.displayShape)} (${samplingWord(data)} per block)`);
  }
  return parts.join(' · ');
}
