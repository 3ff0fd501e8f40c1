// WebAssembly SIMD kernels (AssemblyScript, compiled with `--runtime stub --enable simd`).
// They read and write raw pointers into the module's own memory: the TypeScript side copies
// operands in, calls, and copies the result out. No AS runtime, no allocation here.

/** out (m x n) = a (m x k) @ b (k x n), float64, row-major. out must be zeroed. */
export function matmulF64(a: usize, b: usize, out: usize, m: i32, k: i32, n: i32): void {
  const n2 = n & ~1;
  let i = 0;
  // Four rows at a time: each row of b loaded once serves four rows of out.
  for (; i + 4 <= m; i += 4) {
    const o0 = out + <usize>(i * n) * 8, o1 = o0 + <usize>n * 8, o2 = o1 + <usize>n * 8, o3 = o2 + <usize>n * 8;
    const a0 = a + <usize>(i * k) * 8, a1 = a0 + <usize>k * 8, a2 = a1 + <usize>k * 8, a3 = a2 + <usize>k * 8;
    for (let p = 0; p < k; p++) {
      const s0 = load<f64>(a0 + <usize>p * 8), s1 = load<f64>(a1 + <usize>p * 8);
      const s2 = load<f64>(a2 + <usize>p * 8), s3 = load<f64>(a3 + <usize>p * 8);
      const v0 = f64x2.splat(s0), v1 = f64x2.splat(s1), v2 = f64x2.splat(s2), v3 = f64x2.splat(s3);
      const brow = b + <usize>(p * n) * 8;
      let j = 0;
      for (; j < n2; j += 2) {
        const off = <usize>j * 8;
        const bv = v128.load(brow + off);
        v128.store(o0 + off, f64x2.add(v128.load(o0 + off), f64x2.mul(v0, bv)));
        v128.store(o1 + off, f64x2.add(v128.load(o1 + off), f64x2.mul(v1, bv)));
        v128.store(o2 + off, f64x2.add(v128.load(o2 + off), f64x2.mul(v2, bv)));
        v128.store(o3 + off, f64x2.add(v128.load(o3 + off), f64x2.mul(v3, bv)));
      }
      for (; j < n; j++) {
        const off = <usize>j * 8;
        const bj = load<f64>(brow + off);
        store<f64>(o0 + off, load<f64>(o0 + off) + s0 * bj);
        store<f64>(o1 + off, load<f64>(o1 + off) + s1 * bj);
        store<f64>(o2 + off, load<f64>(o2 + off) + s2 * bj);
        store<f64>(o3 + off, load<f64>(o3 + off) + s3 * bj);
      }
    }
  }
  for (; i < m; i++) {
    const o = out + <usize>(i * n) * 8;
    const ar = a + <usize>(i * k) * 8;
    for (let p = 0; p < k; p++) {
      const s = load<f64>(ar + <usize>p * 8);
      const v = f64x2.splat(s);
      const brow = b + <usize>(p * n) * 8;
      let j = 0;
      for (; j < n2; j += 2) {
        const off = <usize>j * 8;
        v128.store(o + off, f64x2.add(v128.load(o + off), f64x2.mul(v, v128.load(brow + off))));
      }
      for (; j < n; j++) {
        const off = <usize>j * 8;
        store<f64>(o + off, load<f64>(o + off) + s * load<f64>(brow + off));
      }
    }
  }
}

/** out (m x n) = a (m x k) @ b (k x n), float32, row-major. out must be zeroed. */
export function matmulF32(a: usize, b: usize, out: usize, m: i32, k: i32, n: i32): void {
  const n4 = n & ~3;
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const o0 = out + <usize>(i * n) * 4, o1 = o0 + <usize>n * 4, o2 = o1 + <usize>n * 4, o3 = o2 + <usize>n * 4;
    const a0 = a + <usize>(i * k) * 4, a1 = a0 + <usize>k * 4, a2 = a1 + <usize>k * 4, a3 = a2 + <usize>k * 4;
    for (let p = 0; p < k; p++) {
      const s0 = load<f32>(a0 + <usize>p * 4), s1 = load<f32>(a1 + <usize>p * 4);
      const s2 = load<f32>(a2 + <usize>p * 4), s3 = load<f32>(a3 + <usize>p * 4);
      const v0 = f32x4.splat(s0), v1 = f32x4.splat(s1), v2 = f32x4.splat(s2), v3 = f32x4.splat(s3);
      const brow = b + <usize>(p * n) * 4;
      let j = 0;
      for (; j < n4; j += 4) {
        const off = <usize>j * 4;
        const bv = v128.load(brow + off);
        v128.store(o0 + off, f32x4.add(v128.load(o0 + off), f32x4.mul(v0, bv)));
        v128.store(o1 + off, f32x4.add(v128.load(o1 + off), f32x4.mul(v1, bv)));
        v128.store(o2 + off, f32x4.add(v128.load(o2 + off), f32x4.mul(v2, bv)));
        v128.store(o3 + off, f32x4.add(v128.load(o3 + off), f32x4.mul(v3, bv)));
      }
      for (; j < n; j++) {
        const off = <usize>j * 4;
        const bj = load<f32>(brow + off);
        store<f32>(o0 + off, load<f32>(o0 + off) + s0 * bj);
        store<f32>(o1 + off, load<f32>(o1 + off) + s1 * bj);
        store<f32>(o2 + off, load<f32>(o2 + off) + s2 * bj);
        store<f32>(o3 + off, load<f32>(o3 + off) + s3 * bj);
      }
    }
  }
  for (; i < m; i++) {
    const o = out + <usize>(i * n) * 4;
    const ar = a + <usize>(i * k) * 4;
    for (let p = 0; p < k; p++) {
      const s = load<f32>(ar + <usize>p * 4);
      const v = f32x4.splat(s);
      const brow = b + <usize>(p * n) * 4;
      let j = 0;
      for (; j < n4; j += 4) {
        const off = <usize>j * 4;
        v128.store(o + off, f32x4.add(v128.load(o + off), f32x4.mul(v, v128.load(brow + off))));
      }
      for (; j < n; j++) {
        const off = <usize>j * 4;
        store<f32>(o + off, load<f32>(o + off) + s * load<f32>(brow + off));
      }
    }
  }
}
