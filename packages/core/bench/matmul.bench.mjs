// Matrix-product throughput (GFLOP/s) of the plain TypeScript kernel and the WebAssembly GEMM on
// one and two threads, measured in the same run; plus the crossover where two threads start to pay.
// Run after `npm run build -w @jacobi/core`: node packages/core/bench/matmul.bench.mjs [--quick]
import core from '../dist/index.js';
import backends from '../dist/backend/index.js';
import wasm from '../dist/backend/wasm.js';
import ops from '../dist/ops/matmul.js';

const { randn, matmul } = core;
const { matmulT } = ops;
const { setBackend, jsBackend } = backends;
const { kernels, reason } = wasm.loadWasmKernels();
if (!kernels) throw new Error(`the WebAssembly kernels are not built (${reason}): npm run build -w @jacobi/core`);
const quick = process.argv.includes('--quick');
const oneThread = wasm.wasmBackend(kernels, { threads: 1 });
const twoThreads = wasm.wasmBackend(kernels, { threads: 2, parallelMinWork: 0 });

/** Median seconds per call of f on `backend`, after a warm-up call; repeats until ~0.3 s have passed. */
function seconds(backend, f) {
  setBackend(backend);
  f();
  const times = [];
  const start = performance.now();
  while (times.length < 5 || (performance.now() - start < (quick ? 100 : 300) && times.length < 50)) {
    const t = performance.now();
    f();
    times.push((performance.now() - t) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}
const gflops = (flops, t) => (flops / t / 1e9).toFixed(1).padStart(6);

console.log('| dtype   | product             |  js  | wasm 1 thread | wasm 2 threads | 2 vs 1 |');
console.log('|---------|---------------------|------|---------------|----------------|--------|');
const products = [[64, 64, 64], [128, 128, 128], [256, 256, 256], [512, 512, 512], [1024, 1024, 1024], [128, 784, 256], [128, 256, 256]];
for (const dtype of ['float32', 'float64']) {
  for (const [m, k, n] of quick ? products.slice(2, 4) : products) {
    const a = randn([m, k], { seed: 1, dtype }), b = randn([k, n], { seed: 2, dtype });
    const f = () => matmul(a, b), flops = 2 * m * k * n;
    const tj = m * k * n <= 512 ** 3 ? seconds(jsBackend, f) : NaN;
    const t1 = seconds(oneThread, f), t2 = seconds(twoThreads, f);
    const name = `${m}x${k} @ ${k}x${n}`.padEnd(19);
    console.log(`| ${dtype} | ${name} | ${gflops(flops, tj)} | ${gflops(flops, t1)}        | ${gflops(flops, t2)}         | ${(t1 / t2).toFixed(2)}x  |`);
  }
}

// Transposed operands (as the matmul VJP uses them) against the plain product.
console.log('\n| dtype   | n=512 product | GFLOP/s (1 thread) |');
console.log('|---------|---------------|--------------------|');
for (const dtype of ['float32', 'float64']) {
  const a = randn([512, 512], { seed: 1, dtype }), b = randn([512, 512], { seed: 2, dtype });
  for (const [transA, transB, name] of [[false, false, 'A @ B'], [true, false, 'Aᵀ @ B'], [false, true, 'A @ Bᵀ']]) {
    const t = seconds(oneThread, () => matmulT(a, b, transA, transB));
    console.log(`| ${dtype} | ${name.padEnd(13)} | ${gflops(2 * 512 ** 3, t)}             |`);
  }
}

// The crossover: the smallest square product where two threads beat one (wasm.PARALLEL_MIN_WORK).
console.log(`\nthreads crossover (square n, float32; PARALLEL_MIN_WORK = ${wasm.PARALLEL_MIN_WORK} = ${Math.round(Math.cbrt(wasm.PARALLEL_MIN_WORK))}³):`);
for (const n of quick ? [64, 128] : [32, 48, 64, 80, 96, 128, 160, 192]) {
  const a = randn([n, n], { seed: 1, dtype: 'float32' }), b = randn([n, n], { seed: 2, dtype: 'float32' });
  const f = () => matmul(a, b);
  const t1 = seconds(oneThread, f), t2 = seconds(twoThreads, f);
  console.log(`  n=${String(n).padEnd(4)} 1 thread ${(t1 * 1e6).toFixed(0).padStart(6)} µs   2 threads ${(t2 * 1e6).toFixed(0).padStart(6)} µs   ${(t1 / t2).toFixed(2)}x`);
}
