// Matrix-product kernels (WebAssembly SIMD, AssemblyScript). They read and write raw pointers
// into the module's own memory: the TypeScript side copies operands in, calls, and copies the
// result out. No AS runtime, no allocation here.

/**
 * out (m x n) += a (m x k) @ b (k x n), row-major, for T = f64 (2 lanes) or f32 (4 lanes).
 * Four rows at a time: each row of b loaded once serves four rows of out.
 */
// @ts-ignore: decorator
@inline
function matmul<T>(a: usize, b: usize, out: usize, m: i32, k: i32, n: i32): void {
  const size = <usize>sizeof<T>();
  const lanes = 16 / sizeof<T>(); // i32: 2 for f64, 4 for f32
  const nv = n - (n % lanes); // columns handled by full vectors
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const o0 = out + <usize>(i * n) * size, o1 = o0 + <usize>n * size, o2 = o1 + <usize>n * size, o3 = o2 + <usize>n * size;
    const a0 = a + <usize>(i * k) * size, a1 = a0 + <usize>k * size, a2 = a1 + <usize>k * size, a3 = a2 + <usize>k * size;
    for (let p = 0; p < k; p++) {
      const off = <usize>p * size;
      const s0 = load<T>(a0 + off), s1 = load<T>(a1 + off), s2 = load<T>(a2 + off), s3 = load<T>(a3 + off);
      const v0 = v128.splat<T>(s0), v1 = v128.splat<T>(s1), v2 = v128.splat<T>(s2), v3 = v128.splat<T>(s3);
      const brow = b + <usize>(p * n) * size;
      let j = 0;
      for (; j < nv; j += lanes) {
        const c = <usize>j * size;
        const bv = v128.load(brow + c);
        v128.store(o0 + c, v128.add<T>(v128.load(o0 + c), v128.mul<T>(v0, bv)));
        v128.store(o1 + c, v128.add<T>(v128.load(o1 + c), v128.mul<T>(v1, bv)));
        v128.store(o2 + c, v128.add<T>(v128.load(o2 + c), v128.mul<T>(v2, bv)));
        v128.store(o3 + c, v128.add<T>(v128.load(o3 + c), v128.mul<T>(v3, bv)));
      }
      for (; j < n; j++) {
        const c = <usize>j * size;
        const bj = load<T>(brow + c);
        store<T>(o0 + c, load<T>(o0 + c) + s0 * bj);
        store<T>(o1 + c, load<T>(o1 + c) + s1 * bj);
        store<T>(o2 + c, load<T>(o2 + c) + s2 * bj);
        store<T>(o3 + c, load<T>(o3 + c) + s3 * bj);
      }
    }
  }
  for (; i < m; i++) {
    const o = out + <usize>(i * n) * size;
    const ar = a + <usize>(i * k) * size;
    for (let p = 0; p < k; p++) {
      const s = load<T>(ar + <usize>p * size);
      const v = v128.splat<T>(s);
      const brow = b + <usize>(p * n) * size;
      let j = 0;
      for (; j < nv; j += lanes) {
        const c = <usize>j * size;
        v128.store(o + c, v128.add<T>(v128.load(o + c), v128.mul<T>(v, v128.load(brow + c))));
      }
      for (; j < n; j++) {
        const c = <usize>j * size;
        store<T>(o + c, load<T>(o + c) + s * load<T>(brow + c));
      }
    }
  }
}

/** Float64 matrix product; out must be zeroed. */
export function matmulF64(a: usize, b: usize, out: usize, m: i32, k: i32, n: i32): void {
  matmul<f64>(a, b, out, m, k, n);
}

/** Float32 matrix product; out must be zeroed. */
export function matmulF32(a: usize, b: usize, out: usize, m: i32, k: i32, n: i32): void {
  matmul<f32>(a, b, out, m, k, n);
}
