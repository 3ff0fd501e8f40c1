// Elementwise kernels (WebAssembly SIMD, AssemblyScript): unary maps and binary ops over raw
// pointers into the module's memory, float64 (2 lanes) and float32 (4 lanes).
//
// The transcendentals (exp, log, log1p, tanh, sigmoid) are vector versions of the fdlibm
// algorithms V8 uses for Math.*: range reduction, then a polynomial; special values (NaN, ±Inf,
// ±0, overflow, subnormal results) are produced by the same arithmetic or patched in with lane
// masks, never by a scalar fallback. float32 maps compute in float64 and round once, exactly as
// the plain JS kernels do (Math.* in double, stored into a Float32Array).
//
// Op codes are shared with src/backend/wasm_elementwise.ts (UNARY_CODES, BINARY_CODES).

const NEG = 0, EXP = 1, LOG = 2, LOG1P = 3, TANH = 4, SQRT = 5, ABS = 6, SIGN = 7, SIGMOID = 8, RELU = 9, STEP = 10;
const ADD = 0, SUB = 1, MUL = 2, DIV = 3, MAX = 4, MIN = 5, EQ = 6, NE = 7, LT = 8, LE = 9, GT = 10, GE = 11;

const LOG2E = 1.4426950408889634;
const LN2_HI = 6.93147180369123816490e-01; // 32 significant bits: k·LN2_HI is exact for |k| < 2^21
const LN2_LO = 1.90821492927058770002e-10;

// @ts-ignore: decorator
@inline function splat(v: f64): v128 { return f64x2.splat(v); }
// @ts-ignore: decorator
@inline function madd(a: v128, b: v128, c: f64): v128 { return f64x2.add(f64x2.mul(a, b), splat(c)); }

/** 2^k for integral k in [-1022, 1023] (float lanes): 1.5·2^52 + k holds k in its low bits. */
// @ts-ignore: decorator
@inline function pow2(k: v128): v128 {
  return i64x2.shl(i64x2.add(f64x2.add(k, splat(6755399441055744.0)), i64x2.splat(1023)), 52);
}

/** x − k·ln2 in two steps (Cody–Waite), so the reduced argument keeps its low bits. */
// @ts-ignore: decorator
@inline function reduceLn2(x: v128, k: v128): v128 {
  return f64x2.sub(f64x2.sub(x, f64x2.mul(k, splat(LN2_HI))), f64x2.mul(k, splat(LN2_LO)));
}

/**
 * e^r − 1 for |r| ≤ ln2/2: Taylor series to r^13 (truncation below 2^-57 relative). Used by tanh,
 * which needs e^r − 1 accurate near 0; exp itself uses fdlibm's shorter rational form.
 */
// @ts-ignore: decorator
@inline function expm1Reduced(r: v128): v128 {
  let q = splat(1.6059043836821613e-10);
  q = madd(q, r, 2.08767569878681e-9);
  q = madd(q, r, 2.505210838544172e-8);
  q = madd(q, r, 2.755731922398589e-7);
  q = madd(q, r, 2.7557319223985893e-6);
  q = madd(q, r, 2.48015873015873e-5);
  q = madd(q, r, 1.984126984126984e-4);
  q = madd(q, r, 1.388888888888889e-3);
  q = madd(q, r, 8.333333333333333e-3);
  q = madd(q, r, 4.1666666666666664e-2);
  q = madd(q, r, 0.16666666666666666);
  q = madd(q, r, 0.5);
  return f64x2.add(r, f64x2.mul(f64x2.mul(r, r), q));
}

/** e^x. Arguments are clamped to [-746, 710] (beyond which the result is 0 or Inf; NaN stays NaN). */
// @ts-ignore: decorator
@inline function expV(x: v128): v128 {
  const xc = f64x2.min(f64x2.max(x, splat(-746)), splat(710));
  const k = f64x2.nearest(f64x2.mul(xc, splat(LOG2E)));
  // fdlibm's e_exp: e^r = 1 + 2r / (R(r²) − r) with R a degree-5 minimax polynomial in r²
  const hi = f64x2.sub(xc, f64x2.mul(k, splat(LN2_HI)));
  const lo = f64x2.mul(k, splat(LN2_LO));
  const r = f64x2.sub(hi, lo);
  const t = f64x2.mul(r, r);
  let q = madd(t, splat(4.13813679705723846039e-08), -1.65339022054652515390e-06);
  q = madd(t, q, 6.61375632143793436117e-05);
  q = madd(t, q, -2.77777777770155933842e-03);
  q = madd(t, q, 1.66666666666666019037e-01);
  const c = f64x2.sub(r, f64x2.mul(t, q));
  const y = f64x2.sub(splat(1), f64x2.sub(f64x2.sub(lo, f64x2.div(f64x2.mul(r, c), f64x2.sub(splat(2), c))), hi));
  // 2^k in two factors: results near overflow and in the subnormal range round once, at the end
  const k1 = f64x2.floor(f64x2.mul(k, splat(0.5)));
  return f64x2.mul(f64x2.mul(y, pow2(k1)), pow2(f64x2.sub(k, k1)));
}

/** Natural log (fdlibm's e_log: x = 2^k·(1+f), log(1+f) = 2·atanh(f/(2+f)) by a minimax polynomial). */
// @ts-ignore: decorator
@inline function logV(x: v128): v128 {
  const tiny = f64x2.lt(x, splat(2.2250738585072014e-308)); // subnormals are scaled up by 2^54
  const xs = v128.bitselect(f64x2.mul(x, splat(18014398509481984.0)), x, tiny);
  // shift the mantissa range to [sqrt(1/2), sqrt(2)) before splitting off the exponent
  const ix = i64x2.add(xs, i64x2.splat(0x00095f6200000000));
  const biased = v128.or(i64x2.shr_u(ix, 52), i64x2.splat(0x4330000000000000)); // 2^52 + exponent
  const k = f64x2.sub(biased, v128.bitselect(splat(4503599627371573.0), splat(4503599627371519.0), tiny));
  const f = f64x2.sub(i64x2.add(v128.and(ix, i64x2.splat(0x000fffffffffffff)), i64x2.splat(0x3fe6a09e00000000)), splat(1));
  const hfsq = f64x2.mul(splat(0.5), f64x2.mul(f, f));
  const s = f64x2.div(f, f64x2.add(splat(2), f));
  const z = f64x2.mul(s, s);
  const w = f64x2.mul(z, z);
  const t1 = f64x2.mul(w, madd(w, madd(w, splat(1.531383769920937332e-01), 2.222219843214978396e-01), 3.999999999940941908e-01));
  const t2 = f64x2.mul(z, madd(w, madd(w, madd(w, splat(1.479819860511658591e-01), 1.818357216161805012e-01), 2.857142874366239149e-01), 6.666666666666735130e-01));
  const r = f64x2.add(t2, t1);
  let y = f64x2.add(f64x2.mul(s, f64x2.add(hfsq, r)), f64x2.mul(k, splat(LN2_LO)));
  y = f64x2.add(f64x2.add(f64x2.sub(y, hfsq), f), f64x2.mul(k, splat(LN2_HI)));
  // log(±0) = -Inf, log(x < 0) = NaN, log(+Inf) = +Inf, log(NaN) = NaN
  y = v128.bitselect(splat(-Infinity), y, f64x2.eq(x, splat(0)));
  y = v128.bitselect(splat(NaN), y, f64x2.lt(x, splat(0)));
  return v128.bitselect(x, y, v128.not(f64x2.lt(x, splat(Infinity))));
}

/** log(1 + x): log of u = 1 + x, plus the rounding error of that sum divided by u. */
// @ts-ignore: decorator
@inline function log1pV(x: v128): v128 {
  const u = f64x2.add(splat(1), x);
  const lu = logV(u);
  const c = f64x2.sub(x, f64x2.sub(u, splat(1))); // exact: the part of x lost in 1 + x
  let y = f64x2.add(lu, f64x2.div(c, u));
  // outside (-1, Inf) log(u) is already right (-Inf, NaN or Inf); ±0 keep their sign
  y = v128.bitselect(y, lu, v128.and(f64x2.gt(x, splat(-1)), f64x2.lt(x, splat(Infinity))));
  return v128.bitselect(x, y, f64x2.eq(x, splat(0)));
}

/** tanh(x) = -t / (t + 2) with t = e^(-2|x|) − 1, carrying the sign of x (fdlibm's s_tanh). */
// @ts-ignore: decorator
@inline function tanhV(x: v128): v128 {
  const y = f64x2.mul(f64x2.min(f64x2.abs(x), splat(22)), splat(-2)); // tanh(22) rounds to 1
  const k = f64x2.nearest(f64x2.mul(y, splat(LOG2E)));
  const scale = pow2(k);
  const t = f64x2.add(f64x2.mul(scale, expm1Reduced(reduceLn2(y, k))), f64x2.sub(scale, splat(1)));
  const z = f64x2.abs(f64x2.div(f64x2.neg(t), f64x2.add(t, splat(2))));
  return v128.or(z, v128.and(x, splat(-0.0)));
}

/** 1 / (1 + e^-x) for x ≥ 0 and e^x / (1 + e^x) below: e^-|x| never overflows. */
// @ts-ignore: decorator
@inline function sigmoidV(x: v128): v128 {
  const e = expV(f64x2.neg(f64x2.abs(x)));
  return f64x2.div(v128.bitselect(e, splat(1), f64x2.lt(x, splat(0))), f64x2.add(splat(1), e));
}

/** The unary map `op` on two float64 lanes. */
// @ts-ignore: decorator
@inline function unaryLanesF64(op: i32, x: v128): v128 {
  switch (op) {
    case NEG: return f64x2.neg(x);
    case EXP: return expV(x);
    case LOG: return logV(x);
    case LOG1P: return log1pV(x);
    case TANH: return tanhV(x);
    case SQRT: return f64x2.sqrt(x);
    case ABS: return f64x2.abs(x);
    case SIGMOID: return sigmoidV(x);
    default: return piecewiseF64(op, x);
  }
}

/** sign, relu and step: 1/0/-1 or x by comparisons; NaN stays NaN; -0 gives +0 (as the JS kernels). */
// @ts-ignore: decorator
@inline function piecewiseF64(op: i32, x: v128): v128 {
  const pos = f64x2.gt(x, splat(0));
  let y = op == RELU ? v128.and(x, pos) : v128.and(splat(1), pos);
  if (op == SIGN) y = v128.bitselect(splat(-1), y, f64x2.lt(x, splat(0)));
  return v128.bitselect(x, y, f64x2.ne(x, x));
}

/** The ops that are exact in float32 arithmetic (no double rounding against the JS kernels). */
// @ts-ignore: decorator
@inline function unaryLanesF32(op: i32, x: v128): v128 {
  switch (op) {
    case NEG: return f32x4.neg(x);
    case SQRT: return f32x4.sqrt(x);
    case ABS: return f32x4.abs(x);
    default: {
      const pos = f32x4.gt(x, f32x4.splat(0));
      let y = op == RELU ? v128.and(x, pos) : v128.and(f32x4.splat(1), pos);
      if (op == SIGN) y = v128.bitselect(f32x4.splat(-1), y, f32x4.lt(x, f32x4.splat(0)));
      return v128.bitselect(x, y, f32x4.ne(x, x));
    }
  }
}

/** out[i] = op(x[i]) for n float64 values (x and out may be the same). */
export function unaryF64(op: i32, x: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const off = <usize>i << 3;
    v128.store(out + off, unaryLanesF64(op, v128.load(x + off)));
  }
  if (i < n) {
    const off = <usize>i << 3;
    v128.store64_lane(out + off, unaryLanesF64(op, v128.load64_zero(x + off)), 0);
  }
}

/** out[i] = op(x[i]) for n float32 values: transcendentals two at a time in float64, the rest four at a time. */
export function unaryF32(op: i32, x: usize, out: usize, n: i32): void {
  let i = 0;
  if (op == NEG || op == SQRT || op == ABS || op == SIGN || op == RELU || op == STEP) {
    for (; i + 4 <= n; i += 4) {
      const off = <usize>i << 2;
      v128.store(out + off, unaryLanesF32(op, v128.load(x + off)));
    }
    for (; i < n; i++) {
      const off = <usize>i << 2;
      v128.store32_lane(out + off, unaryLanesF32(op, v128.load32_zero(x + off)), 0);
    }
    return;
  }
  for (; i + 2 <= n; i += 2) {
    const off = <usize>i << 2;
    const y = unaryLanesF64(op, f64x2.promote_low_f32x4(v128.load64_zero(x + off)));
    v128.store64_lane(out + off, f32x4.demote_f64x2_zero(y), 0);
  }
  if (i < n) {
    const off = <usize>i << 2;
    const y = unaryLanesF64(op, f64x2.promote_low_f32x4(v128.load32_zero(x + off)));
    v128.store32_lane(out + off, f32x4.demote_f64x2_zero(y), 0);
  }
}

/** The binary op on float64 lanes; comparisons give 1 or 0. */
// @ts-ignore: decorator
@inline function binaryLanesF64(op: i32, a: v128, b: v128): v128 {
  switch (op) {
    case ADD: return f64x2.add(a, b);
    case SUB: return f64x2.sub(a, b);
    case MUL: return f64x2.mul(a, b);
    case DIV: return f64x2.div(a, b);
    case MAX: return f64x2.max(a, b); // NaN-propagating, max(-0, +0) = +0: Math.max's rules
    case MIN: return f64x2.min(a, b);
    case EQ: return v128.and(f64x2.eq(a, b), splat(1));
    case NE: return v128.and(f64x2.ne(a, b), splat(1));
    case LT: return v128.and(f64x2.lt(a, b), splat(1));
    case LE: return v128.and(f64x2.le(a, b), splat(1));
    case GT: return v128.and(f64x2.gt(a, b), splat(1));
    default: return v128.and(f64x2.ge(a, b), splat(1));
  }
}

// @ts-ignore: decorator
@inline function binaryLanesF32(op: i32, a: v128, b: v128): v128 {
  const one = f32x4.splat(1);
  switch (op) {
    case ADD: return f32x4.add(a, b);
    case SUB: return f32x4.sub(a, b);
    case MUL: return f32x4.mul(a, b);
    case DIV: return f32x4.div(a, b);
    case MAX: return f32x4.max(a, b);
    case MIN: return f32x4.min(a, b);
    case EQ: return v128.and(f32x4.eq(a, b), one);
    case NE: return v128.and(f32x4.ne(a, b), one);
    case LT: return v128.and(f32x4.lt(a, b), one);
    case LE: return v128.and(f32x4.le(a, b), one);
    case GT: return v128.and(f32x4.gt(a, b), one);
    default: return v128.and(f32x4.ge(a, b), one);
  }
}

/**
 * out[r, j] = op(a[r·aRow + j·aStep], b[r·bRow + j·bStep]) over rows x cols (element strides; the
 * steps are 1 or 0). Covers same shapes, a scalar on either side, and row or column broadcasts.
 */
export function binaryF64(op: i32, a: usize, aRow: i32, aStep: i32, b: usize, bRow: i32, bStep: i32, out: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const pa = a + (<usize>(r * aRow) << 3), pb = b + (<usize>(r * bRow) << 3), po = out + (<usize>(r * cols) << 3);
    const sa = v128.load64_splat(pa), sb = v128.load64_splat(pb);
    let j = 0;
    for (; j + 2 <= cols; j += 2) {
      const off = <usize>j << 3;
      const va = aStep ? v128.load(pa + off) : sa, vb = bStep ? v128.load(pb + off) : sb;
      v128.store(po + off, binaryLanesF64(op, va, vb));
    }
    if (j < cols) {
      const off = <usize>j << 3;
      const va = aStep ? v128.load64_zero(pa + off) : sa, vb = bStep ? v128.load64_zero(pb + off) : sb;
      v128.store64_lane(po + off, binaryLanesF64(op, va, vb), 0);
    }
  }
}

/** {@link binaryF64} for float32. */
export function binaryF32(op: i32, a: usize, aRow: i32, aStep: i32, b: usize, bRow: i32, bStep: i32, out: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const pa = a + (<usize>(r * aRow) << 2), pb = b + (<usize>(r * bRow) << 2), po = out + (<usize>(r * cols) << 2);
    const sa = v128.load32_splat(pa), sb = v128.load32_splat(pb);
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const off = <usize>j << 2;
      const va = aStep ? v128.load(pa + off) : sa, vb = bStep ? v128.load(pb + off) : sb;
      v128.store(po + off, binaryLanesF32(op, va, vb));
    }
    for (; j < cols; j++) {
      const off = <usize>j << 2;
      const va = aStep ? v128.load32_zero(pa + off) : sa, vb = bStep ? v128.load32_zero(pb + off) : sb;
      v128.store32_lane(po + off, binaryLanesF32(op, va, vb), 0);
    }
  }
}
