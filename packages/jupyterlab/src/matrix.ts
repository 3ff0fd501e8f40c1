/**
 * What a heatmap shows, as plain data: the 2-D plane of a tensor or Jacobian payload picked by the
 * slice selector, and how a displayed cell maps back to original indices and names. No DOM here,
 * so the mapping is unit-tested in Node.
 */
import { decodeArray, type JacobianPayload, type TensorPayload } from '@jacobi/viz';

/** One displayed 2-D plane: `values[r * cols + c]`, row-major. */
export interface Plane {
  rows: number;
  cols: number;
  values: Float64Array;
}

/** Per-axis range of original indices that one displayed index covers: [start, end). */
export type IndexRange = [start: number, end: number];

/**
 * A payload's displayed values as an n-d array plus what is needed to describe any cell:
 * the original shape, the display step per axis, and optional row/column names (Jacobians).
 */
export class HeatmapData {
  private decoded: Float64Array | null = null;
  /** Shape of the displayed (possibly downsampled) array. */
  readonly displayShape: number[];
  /** Shape of the original array. */
  readonly shape: number[];
  /** Original indices per display index, along each axis. */
  readonly step: number[];

  private constructor(
    readonly tensor: TensorPayload,
    /** For Jacobians: shapes to unflatten row (output) and column (input) indices, and names. */
    readonly jacobian?: JacobianPayload,
  ) {
    this.displayShape = [...tensor.values.shape];
    this.shape = [...tensor.shape];
    this.step = [...tensor.sampling.step];
  }

  /** Display values, row-major over `displayShape`: decoded on first use, so a view can be built (and laid out) before it is drawn. */
  get values(): Float64Array {
    return (this.decoded ??= Float64Array.from(decodeArray(this.tensor.values)));
  }

  /** Rows and columns of every plane (rank 0 is 1 × 1, rank 1 a single row). */
  get planeShape(): { rows: number; cols: number } {
    const shape = this.displayShape;
    return { rows: shape.length >= 2 ? shape[shape.length - 2] : 1, cols: shape.length >= 1 ? shape[shape.length - 1] : 1 };
  }

  /** Data of a tensor payload. */
  static fromTensor(payload: TensorPayload): HeatmapData {
    return new HeatmapData(payload);
  }

  /** Data of a Jacobian payload: its [outputs, inputs] matrix, with names. */
  static fromJacobian(payload: JacobianPayload): HeatmapData {
    return new HeatmapData(payload.matrix, payload);
  }

  /** Axes chosen by the slice selector: all but the last two (none for rank ≤ 2). */
  get sliceAxes(): number[] {
    return this.displayShape.slice(0, Math.max(0, this.displayShape.length - 2)).map((_, a) => a);
  }

  /**
   * The 2-D plane at `slice` (one display index per slice axis). Rank 0 is a 1×1 plane and rank 1
   * a single row. Throws a RangeError naming the axis when a slice index is out of range.
   */
  plane(slice: readonly number[] = []): Plane {
    const shape = this.displayShape;
    const lead = this.sliceAxes.length;
    if (slice.length !== lead) throw new RangeError(`plane: expected ${lead} slice indices for shape [${shape.join(', ')}], got ${slice.length}`);
    let offset = 0;
    for (let a = 0; a < lead; a++) {
      if (!Number.isInteger(slice[a]) || slice[a] < 0 || slice[a] >= shape[a]) {
        throw new RangeError(`plane: slice index ${slice[a]} out of range for axis ${a} of size ${shape[a]}`);
      }
      offset = offset * shape[a] + slice[a];
    }
    const { rows, cols } = this.planeShape;
    offset *= rows * cols;
    return { rows, cols, values: this.values.subarray(offset, offset + rows * cols) };
  }

  /** Original index range covered by display index `k` along `axis`. */
  range(axis: number, k: number): IndexRange {
    const start = k * this.step[axis];
    return [start, Math.min(start + this.step[axis], this.shape[axis])];
  }

  /**
   * Human-readable description of displayed cell (row, col) of the plane at `slice`: its
   * original indices (a range where downsampled) and, for Jacobians, the output/input names.
   */
  describe(slice: readonly number[], row: number, col: number): CellDescription {
    const rank = this.displayShape.length;
    const display = rank === 0 ? [] : rank === 1 ? [col] : [...slice, row, col];
    const ranges = display.map((k, axis) => this.range(axis, k));
    const index = ranges.map(([s, e]) => (e - s > 1 ? `${s}:${e}` : `${s}`));
    const description: CellDescription = { index: `[${index.join(', ')}]`, exact: ranges.every(([s, e]) => e - s === 1) };
    const jac = this.jacobian;
    if (jac && rank === 2) {
      description.output = labelFor(ranges[0], jac.outputShape, jac.outputNames, jac.functionName);
      description.input = labelFor(ranges[1], jac.inputShape, jac.inputNames, jac.inputName);
    }
    return description;
  }
}

/** What the tooltip says about one cell. */
export interface CellDescription {
  /** Original indices, e.g. `[2, 5]`, or `[0:4, 5]` where several originals share the cell. */
  index: string;
  /** False when the cell stands for a block of original values (downsampled display). */
  exact: boolean;
  /** Jacobians: the output (row) and input (column) this cell relates, e.g. `f[1, 2]` or a name. */
  output?: string;
  input?: string;
}

/** Row-major index -> multi-index of `shape`. */
export function unravel(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    index[a] = flat % shape[a];
    flat = Math.floor(flat / shape[a]);
  }
  return index;
}

function labelFor([start, end]: IndexRange, shape: readonly number[], names: readonly string[] | undefined, base: string): string {
  const one = (flat: number) => names?.[flat] ?? `${base}[${unravel(flat, shape).join(', ')}]`;
  return end - start > 1 ? `${one(start)} … ${one(end - 1)}` : one(start);
}
