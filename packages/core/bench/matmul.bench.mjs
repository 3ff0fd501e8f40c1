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
const twoThreads = wasm.wasmBackend(kernels, { threads: 2, parallelMinWork: 0, backOff: false }); // always split
const byDefault = wasm.wasmBackend(kernels, { threads: 2 }); // splits from PARALLEL_MIN_WORK, backs off when threads lose

/**
 * Median wall seconds per call of each f (run on its backend), measured in interleaved rounds so
 * that every variant sees the same load on a shared machine; also the median CPU seconds of this
 * process per call (for one thread, the kernel's speed whatever the scheduler did).
 */
function measure(variants) {
  for (const [backend, f] of variants) {
    setBackend(backend);
    f();
  }
  const wall = variants.map(() => []), cpu = variants.map(() => []);
  const start = performance.now();
  for (let round = 0; round < 5 || (performance.now() - start < (quick ? 200 : 600) * variants.length && round < 50); round++) {
    variants.forEach(([backend, f], v) => {
      setBackend(backend);
      const c = process.cpuUsage(), t = performance.now();
      f();
      wall[v].push((performance.now() - t) / 1000);
      const d = process.cpuUsage(c);
      cpu[v].push((d.user + d.system) / 1e6);
    });
  }
  const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
  return variants.map((_, v) => ({ wall: median(wall[v]), cpu: median(cpu[v]) }));
}
const gflops = (flops, t) => (flops / t / 1e9).toFixed(1).padStart(6);

console.log('GFLOP/s, medians of interleaved runs; "CPU" = per CPU-second of this process (one thread: the kernel speed itself)');
console.log('| dtype   | product               |   js | wasm 1 thread | 1 thread CPU | wasm 2 threads | 2 vs 1 | default (2, back-off) |');
console.log('|---------|-----------------------|------|---------------|--------------|----------------|--------|-----------------------|');
const products = [[64, 64, 64], [128, 128, 128], [256, 256, 256], [512, 512, 512], [1024, 1024, 1024], [128, 784, 256], [784, 128, 256], [128, 256, 256]];
for (const dtype of ['float32', 'float64']) {
  for (const [m, k, n] of quick ? products.slice(2, 4) : products) {
    const a = randn([m, k], { seed: 1, dtype }), b = randn([k, n], { seed: 2, dtype });
    const f = () => matmul(a, b), flops = 2 * m * k * n;
    const withJs = m * k * n <= 256 ** 3;
    const [one, two, auto, js] = measure([[oneThread, f], [twoThreads, f], [byDefault, f], ...(withJs ? [[jsBackend, f]] : [])]);
    const name = `${m}x${k} @ ${k}x${n}`.padEnd(21);
    const jsRate = js ? gflops(flops, js.wall).slice(2) : '   -';
    console.log(`| ${dtype} | ${name} | ${jsRate} | ${gflops(flops, one.wall)}        | ${gflops(flops, one.cpu)}       | ${gflops(flops, two.wall)}         | ${(one.wall / two.wall).toFixed(2)}x  | ${gflops(flops, auto.wall)}                |`);
  }
}

// Transposed operands (as the matmul VJP uses them) against the plain product.
console.log('\n| dtype   | n=512 product | GFLOP/s (1 thread) |');
console.log('|---------|---------------|--------------------|');
for (const dtype of ['float32', 'float64']) {
  const a = randn([512, 512], { seed: 1, dtype }), b = randn([512, 512], { seed: 2, dtype });
  const kinds = [[false, false, 'A @ B'], [true, false, 'Aᵀ @ B'], [false, true, 'A @ Bᵀ']];
  const times = measure(kinds.map(([transA, transB]) => [oneThread, () => matmulT(a, b, transA, transB)]));
  kinds.forEach(([, , name], i) => console.log(`| ${dtype} | ${name.padEnd(13)} | ${gflops(2 * 512 ** 3, times[i].wall)}             |`));
}

// The crossover: the smallest square product where two threads beat one (wasm.PARALLEL_MIN_WORK).
console.log(`\nthreads crossover (square n, float32; PARALLEL_MIN_WORK = ${wasm.PARALLEL_MIN_WORK} = ${Math.round(Math.cbrt(wasm.PARALLEL_MIN_WORK))}³):`);
for (const n of quick ? [64, 128] : [32, 48, 64, 80, 96, 128, 160, 192]) {
  const a = randn([n, n], { seed: 1, dtype: 'float32' }), b = randn([n, n], { seed: 2, dtype: 'float32' });
  const f = () => matmul(a, b);
  const [{ wall: t1 }, { wall: t2 }] = measure([[oneThread, f], [twoThreads, f]]);
  console.log(`  n=${String(n).padEnd(4)} 1 thread ${(t1 * 1e6).toFixed(0).padStart(6)} µs   2 threads ${(t2 * 1e6).toFixed(0).padStart(6)} µs   ${(t1 / t2).toFixed(2)}x`);
}
