// Matrix products (GEMM) in WebAssembly SIMD, AssemblyScript. The kernels read and write raw
// pointers into the module's (shared) memory; the TypeScript side (src/backend/wasm.ts) copies
// operands in, calls, and copies the result out. No AS runtime, no allocation here.
//
// The classic blocked layout (Goto/BLIS): C is computed in blocks of NC columns x KC inner steps x
// MC rows. Each KC x NC block of B and each MC x KC block of A is first *packed* into a contiguous
// buffer in exactly the order the micro-kernel reads it (zero-padded to whole tiles), so the
// micro-kernel streams memory linearly whatever the operands' layout: packing reads A and B through
// (row, column) strides, which is how transposed operands cost no extra copy. The micro-kernel keeps
// an MR x NR tile of C in eight SIMD accumulators (locals, i.e. registers) for KC steps.
//
// Every element of C is summed in plain order p = 0, 1, ..., k-1 starting from +0 (later KC blocks
// continue from the partial sums stored in C), so results do not depend on blocking or threading,
// and float64 results equal the plain TypeScript kernel's bit for bit.

/** Rows of C per micro-tile. */
const MR = 4;

/** Lanes per vector: 4 for f32, 2 for f64. */
// @ts-ignore: decorator
@inline function lanes<T>(): i32 { return 16 / sizeof<T>(); }
/** Columns of C per micro-tile: two vectors. */
// @ts-ignore: decorator
@inline function NR<T>(): i32 { return 2 * lanes<T>(); }
/** Inner (k) steps per block: an MR x KC panel of A and KC x NR panel of B stay in L1 together. */
// @ts-ignore: decorator
@inline function KC<T>(): i32 { return sizeof<T>() == 4 ? 256 : 192; }
/** Rows per packed block of A (a multiple of MR; MC x KC stays in L2). */
// @ts-ignore: decorator
@inline function MC<T>(): i32 { return 96; }
/** Columns per packed block of B (a multiple of NR; KC x NC stays in L2). */
// @ts-ignore: decorator
@inline function NC<T>(): i32 { return 1024; }

// @ts-ignore: decorator
@inline function packABytes<T>(): i32 { return MC<T>() * KC<T>() * sizeof<T>(); }
// @ts-ignore: decorator
@inline function packBBytes<T>(): i32 { return KC<T>() * NC<T>() * sizeof<T>(); }
// @ts-ignore: decorator
@inline function workspace<T>(): i32 { return packABytes<T>() + packBBytes<T>() + MR * NR<T>() * sizeof<T>(); }

/** Bytes of scratch one thread needs for {@link gemmF32} or {@link gemmF64} (16-byte aligned). */
export function gemmWorkspaceBytes(): i32 {
  return max(workspace<f32>(), workspace<f64>());
}

// @ts-ignore: decorator
@inline function at(base: usize, index: i32, size: usize): usize { return base + <usize>index * size; }

// @ts-ignore: decorator
@inline function splatLoad<T>(ptr: usize, row: i32): v128 {
  if (sizeof<T>() == 4) return v128.load32_splat(ptr + (<usize>row << 2));
  return v128.load64_splat(ptr + (<usize>row << 3));
}

/**
 * Packs `total` lines (rows of A or columns of B) of length kc into panels of `width` lines:
 * panel q holds, for each p = 0..kc-1, the `width` values of lines q·width.. at step p, zeros past
 * `total` — the order in which the micro-kernel reads them. Line l's value at step p is at
 * src + (l·lineStride + p·stepStride)·size, so any layout (transposed or not) packs the same way.
 */
// @ts-ignore: decorator
@inline function packPanels<T>(src: usize, lineStride: i32, stepStride: i32, total: i32, kc: i32, width: i32, dst: usize): void {
  const size = <usize>sizeof<T>();
  const bytes = <usize>width * size; // 16 or 32: one or two vectors
  for (let q = 0; q < total; q += width) {
    const lines = min(width, total - q);
    const panel = at(dst, q * kc, size);
    if (lines == width && lineStride == 1) {
      // The lines of one step are contiguous: copy them as vectors.
      for (let p = 0; p < kc; p++) {
        const from = at(src, q + p * stepStride, size), to = at(panel, p * width, size);
        v128.store(to, v128.load(from));
        if (bytes == 32) v128.store(to, v128.load(from, 16), 16);
      }
      continue;
    }
    for (let l = 0; l < width; l++) {
      const line = at(src, (q + l) * lineStride, size);
      for (let p = 0; p < kc; p++) store<T>(at(panel, p * width + l, size), l < lines ? load<T>(at(line, p * stepStride, size)) : <T>0);
    }
  }
}

/**
 * The micro-kernel: the MR x NR tile of C at `c` (row stride ldc elements) = (accumulate ? C : 0)
 * + packed A panel (MR x kc) @ packed B panel (kc x NR). Eight accumulators, two B vectors and one
 * broadcast A value fit the 16 SIMD registers.
 */
// @ts-ignore: decorator
@inline function microKernel<T>(pa: usize, pb: usize, kc: i32, c: usize, ldc: i32, accumulate: bool): void {
  const size = <usize>sizeof<T>();
  const row = <usize>ldc * size;
  const c0 = c, c1 = c0 + row, c2 = c1 + row, c3 = c2 + row;
  let x00 = v128.splat<T>(0), x01 = x00, x10 = x00, x11 = x00, x20 = x00, x21 = x00, x30 = x00, x31 = x00;
  if (accumulate) {
    x00 = v128.load(c0); x01 = v128.load(c0, 16);
    x10 = v128.load(c1); x11 = v128.load(c1, 16);
    x20 = v128.load(c2); x21 = v128.load(c2, 16);
    x30 = v128.load(c3); x31 = v128.load(c3, 16);
  }
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb), b1 = v128.load(pb, 16);
    let a = splatLoad<T>(pa, 0);
    x00 = v128.add<T>(x00, v128.mul<T>(a, b0)); x01 = v128.add<T>(x01, v128.mul<T>(a, b1));
    a = splatLoad<T>(pa, 1);
    x10 = v128.add<T>(x10, v128.mul<T>(a, b0)); x11 = v128.add<T>(x11, v128.mul<T>(a, b1));
    a = splatLoad<T>(pa, 2);
    x20 = v128.add<T>(x20, v128.mul<T>(a, b0)); x21 = v128.add<T>(x21, v128.mul<T>(a, b1));
    a = splatLoad<T>(pa, 3);
    x30 = v128.add<T>(x30, v128.mul<T>(a, b0)); x31 = v128.add<T>(x31, v128.mul<T>(a, b1));
    pa += <usize>MR * size;
    pb += 32;
  }
  v128.store(c0, x00); v128.store(c0, x01, 16);
  v128.store(c1, x10); v128.store(c1, x11, 16);
  v128.store(c2, x20); v128.store(c2, x21, 16);
  v128.store(c3, x30); v128.store(c3, x31, 16);
}

/** Copies an mr x nr corner between C (row stride ldc) and the tile buffer (row stride NR). */
// @ts-ignore: decorator
@inline function copyCorner<T>(from: usize, fromStride: i32, to: usize, toStride: i32, mr: i32, nr: i32): void {
  const size = <usize>sizeof<T>();
  for (let i = 0; i < mr; i++) {
    for (let j = 0; j < nr; j++) store<T>(at(to, i * toStride + j, size), load<T>(at(from, i * fromStride + j, size)));
  }
}

/**
 * C (m x n, row stride ldc) = A (m x k) @ B (k x n), where A's element (i, p) is at
 * a + (i*rsA + p*csA)*size and B's element (p, j) at b + (p*rsB + j*csB)*size: any layout,
 * transposed or not. `work` is this thread's scratch of {@link gemmWorkspaceBytes} bytes.
 */
// @ts-ignore: decorator
@inline function gemm<T>(m: i32, n: i32, k: i32, a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, csB: i32, c: usize, ldc: i32, work: usize): void {
  const size = <usize>sizeof<T>();
  if (k == 0) {
    for (let i = 0; i < m; i++) memory.fill(at(c, i * ldc, size), 0, <usize>n * size);
    return;
  }
  const nrMax = NR<T>();
  const pa0 = work, pb0 = work + <usize>packABytes<T>(), tile = pb0 + <usize>packBBytes<T>();
  for (let jc = 0; jc < n; jc += NC<T>()) {
    const nc = min(NC<T>(), n - jc);
    for (let pc = 0; pc < k; pc += KC<T>()) {
      const kc = min(KC<T>(), k - pc);
      const accumulate = pc > 0;
      packPanels<T>(at(b, pc * rsB + jc * csB, size), csB, rsB, nc, kc, nrMax, pb0);
      for (let ic = 0; ic < m; ic += MC<T>()) {
        const mc = min(MC<T>(), m - ic);
        packPanels<T>(at(a, ic * rsA + pc * csA, size), rsA, csA, mc, kc, MR, pa0);
        for (let jr = 0; jr < nc; jr += nrMax) {
          const nr = min(nrMax, nc - jr);
          const pb = at(pb0, jr * kc, size);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            const pa = at(pa0, ir * kc, size);
            const cp = at(c, (ic + ir) * ldc + jc + jr, size);
            if (mr == MR && nr == nrMax) {
              microKernel<T>(pa, pb, kc, cp, ldc, accumulate);
            } else {
              // An edge tile: compute the whole tile in the buffer, keep its valid corner.
              if (accumulate) copyCorner<T>(cp, ldc, tile, nrMax, mr, nr);
              microKernel<T>(pa, pb, kc, tile, nrMax, accumulate);
              copyCorner<T>(tile, nrMax, cp, ldc, mr, nr);
            }
          }
        }
      }
    }
  }
}

/**
 * Part `part` of `parts` of C = A @ B (see {@link gemm}): the longer side of C is cut into `parts`
 * ranges of whole micro-tiles. Threads each take parts; every element is computed exactly as by the
 * whole product, so results do not depend on how it was split.
 */
// @ts-ignore: decorator
@inline function gemmPart<T>(m: i32, n: i32, k: i32, a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, csB: i32, c: usize, ldc: i32, work: usize, part: i32, parts: i32): void {
  const size = <usize>sizeof<T>();
  const byColumns = n >= m;
  const tile = byColumns ? NR<T>() : MR;
  const side = byColumns ? n : m;
  const per = ((side + tile - 1) / tile + parts - 1) / parts * tile;
  const lo = part * per, hi = min(side, lo + per);
  if (lo >= hi) return;
  if (byColumns) gemm<T>(m, hi - lo, k, a, rsA, csA, at(b, lo * csB, size), rsB, csB, at(c, lo, size), ldc, work);
  else gemm<T>(hi - lo, n, k, at(a, lo * rsA, size), rsA, csA, b, rsB, csB, at(c, lo * ldc, size), ldc, work);
}

/** Float32 C = A @ B through strides, part `part` of `parts`; see {@link gemmPart}. */
export function gemmF32(m: i32, n: i32, k: i32, a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, csB: i32, c: usize, ldc: i32, work: usize, part: i32, parts: i32): void {
  gemmPart<f32>(m, n, k, a, rsA, csA, b, rsB, csB, c, ldc, work, part, parts);
}

/** Float64 C = A @ B through strides, part `part` of `parts`; see {@link gemmPart}. */
export function gemmF64(m: i32, n: i32, k: i32, a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, csB: i32, c: usize, ldc: i32, work: usize, part: i32, parts: i32): void {
  gemmPart<f64>(m, n, k, a, rsA, csA, b, rsB, csB, c, ldc, work, part, parts);
}
