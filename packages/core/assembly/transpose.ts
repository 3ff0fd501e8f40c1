// Strided copies (transposes) in WebAssembly, AssemblyScript: out (rows x cols, contiguous) gets
// x[i·rowStride + j·colStride] (element strides, either may be negative or 0). Walking tiles of
// TILE x TILE keeps both the reads and the writes inside a few cache lines when colStride is large
// (a transpose reads down columns).

const TILE = 16;

// @ts-ignore: decorator
@inline function gather2d<T>(x: usize, out: usize, rows: i32, cols: i32, rowStride: i32, colStride: i32): void {
  const size = <isize>sizeof<T>();
  for (let i0 = 0; i0 < rows; i0 += TILE) {
    const i1 = min(i0 + TILE, rows);
    for (let j0 = 0; j0 < cols; j0 += TILE) {
      const j1 = min(j0 + TILE, cols);
      for (let i = i0; i < i1; i++) {
        let src = <isize>x + (<isize>i * rowStride + <isize>j0 * colStride) * size;
        let dst = <isize>out + (<isize>i * cols + j0) * size;
        const step = <isize>colStride * size;
        for (let j = j0; j < j1; j++, src += step, dst += size) store<T>(dst, load<T>(src));
      }
    }
  }
}

/** Blocked strided gather of float64 (or any 8-byte) elements; see the file comment. */
export function gather2dF64(x: usize, out: usize, rows: i32, cols: i32, rowStride: i32, colStride: i32): void {
  gather2d<f64>(x, out, rows, cols, rowStride, colStride);
}

/** Blocked strided gather of float32 (or any 4-byte) elements. */
export function gather2dF32(x: usize, out: usize, rows: i32, cols: i32, rowStride: i32, colStride: i32): void {
  gather2d<f32>(x, out, rows, cols, rowStride, colStride);
}
