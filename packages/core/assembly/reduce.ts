// Reduction kernels (WebAssembly SIMD, AssemblyScript): sum, prod, max and min over the last axis
// (rows) or over a middle axis of [outer, len, inner] (columns, e.g. a bias gradient). float32
// input accumulates in float64 and rounds once, as the plain JS kernel does. max/min propagate
// NaN (Math.max's rules). Op codes are shared with src/backend/wasm_elementwise.ts.

const SUM = 0, PROD = 1, MAX = 2;

// @ts-ignore: decorator
@inline function initial(op: i32): f64 {
  return op == SUM ? 0 : op == PROD ? 1 : op == MAX ? -Infinity : Infinity;
}

// @ts-ignore: decorator
@inline function combine(op: i32, a: v128, b: v128): v128 {
  return op == SUM ? f64x2.add(a, b) : op == PROD ? f64x2.mul(a, b) : op == MAX ? f64x2.max(a, b) : f64x2.min(a, b);
}

/** Folds the two lanes and one more value into one number. */
// @ts-ignore: decorator
@inline function finish(op: i32, acc: v128, tail: f64): f64 {
  const folded = combine(op, acc, i64x2.shuffle(acc, acc, 1, 0));
  return f64x2.extract_lane(combine(op, folded, f64x2.splat(tail)), 0);
}

/** out[r] = op over x[r, 0..len) for `rows` rows of float64. */
export function reduceRowsF64(op: i32, x: usize, out: usize, rows: i32, len: i32): void {
  const init = f64x2.splat(initial(op));
  for (let r = 0; r < rows; r++) {
    const row = x + (<usize>(r * len) << 3);
    let acc0 = init, acc1 = init;
    let j = 0;
    for (; j + 4 <= len; j += 4) {
      const off = <usize>j << 3;
      acc0 = combine(op, acc0, v128.load(row + off));
      acc1 = combine(op, acc1, v128.load(row + off, 16));
    }
    acc0 = combine(op, acc0, acc1);
    if (j + 2 <= len) {
      acc0 = combine(op, acc0, v128.load(row + (<usize>j << 3)));
      j += 2;
    }
    store<f64>(out + (<usize>r << 3), finish(op, acc0, j < len ? load<f64>(row + (<usize>j << 3)) : initial(op)));
  }
}

/** out[r] = op over x[r, 0..len) for `rows` rows of float32, accumulated in float64. */
export function reduceRowsF32(op: i32, x: usize, out: usize, rows: i32, len: i32): void {
  const init = f64x2.splat(initial(op));
  for (let r = 0; r < rows; r++) {
    const row = x + (<usize>(r * len) << 2);
    let acc0 = init, acc1 = init;
    let j = 0;
    for (; j + 4 <= len; j += 4) {
      const v = v128.load(row + (<usize>j << 2));
      acc0 = combine(op, acc0, f64x2.promote_low_f32x4(v));
      acc1 = combine(op, acc1, f64x2.promote_low_f32x4(i64x2.shuffle(v, v, 1, 0)));
    }
    acc0 = combine(op, acc0, acc1);
    if (j + 2 <= len) {
      acc0 = combine(op, acc0, f64x2.promote_low_f32x4(v128.load64_zero(row + (<usize>j << 2))));
      j += 2;
    }
    const tail: f64 = j < len ? <f64>load<f32>(row + (<usize>j << 2)) : initial(op);
    store<f32>(out + (<usize>r << 2), <f32>finish(op, acc0, tail));
  }
}

/** out[o, j] = op over i of x[o, i, j], for x of shape [outer, len, inner] in float64. */
export function reduceColsF64(op: i32, x: usize, out: usize, outer: i32, len: i32, inner: i32): void {
  const init = f64x2.splat(initial(op));
  for (let o = 0; o < outer; o++) {
    const dst = out + (<usize>(o * inner) << 3);
    const src = x + (<usize>(o * len * inner) << 3);
    let j = 0;
    for (; j + 2 <= inner; j += 2) v128.store(dst + (<usize>j << 3), init);
    if (j < inner) store<f64>(dst + (<usize>j << 3), initial(op));
    for (let i = 0; i < len; i++) {
      const row = src + (<usize>(i * inner) << 3);
      j = 0;
      for (; j + 2 <= inner; j += 2) {
        const off = <usize>j << 3;
        v128.store(dst + off, combine(op, v128.load(dst + off), v128.load(row + off)));
      }
      if (j < inner) {
        const off = <usize>j << 3;
        v128.store64_lane(dst + off, combine(op, v128.load64_zero(dst + off), v128.load64_zero(row + off)), 0);
      }
    }
  }
}

/**
 * {@link reduceColsF64} for float32 input: accumulates each output row in float64 at `acc`
 * (inner values of scratch), then rounds into out.
 */
export function reduceColsF32(op: i32, x: usize, acc: usize, out: usize, outer: i32, len: i32, inner: i32): void {
  const init = f64x2.splat(initial(op));
  for (let o = 0; o < outer; o++) {
    const src = x + (<usize>(o * len * inner) << 2);
    let j = 0;
    for (; j + 2 <= inner; j += 2) v128.store(acc + (<usize>j << 3), init);
    if (j < inner) store<f64>(acc + (<usize>j << 3), initial(op));
    for (let i = 0; i < len; i++) {
      const row = src + (<usize>(i * inner) << 2);
      j = 0;
      for (; j + 2 <= inner; j += 2) {
        const a = acc + (<usize>j << 3);
        v128.store(a, combine(op, v128.load(a), f64x2.promote_low_f32x4(v128.load64_zero(row + (<usize>j << 2)))));
      }
      if (j < inner) {
        const a = acc + (<usize>j << 3);
        v128.store64_lane(a, combine(op, v128.load64_zero(a), f64x2.promote_low_f32x4(v128.load32_zero(row + (<usize>j << 2)))), 0);
      }
    }
    const dst = out + (<usize>(o * inner) << 2);
    j = 0;
    for (; j + 2 <= inner; j += 2) v128.store64_lane(dst + (<usize>j << 2), f32x4.demote_f64x2_zero(v128.load(acc + (<usize>j << 3))), 0);
    if (j < inner) store<f32>(dst + (<usize>j << 2), <f32>load<f64>(acc + (<usize>j << 3)));
  }
}
