// Matrix-product throughput of the two kernel backends, measured in the same run.
// Run after `npm run build -w @jacobi/core`: node packages/core/bench/matmul.bench.mjs
import core from '../dist/index.js';
import backends from '../dist/backend/index.js';

const { randn, matmul } = core;
const { setBackend, jsBackend, wasmSimdBackend } = backends;
const simd = wasmSimdBackend();
if (!simd) throw new Error('the WebAssembly kernels are not built: npm run build -w @jacobi/core');

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function seconds(backend, a, b, reps) {
  setBackend(backend);
  matmul(a, b);
  const times = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    matmul(a, b);
    times.push((performance.now() - t) / 1000);
  }
  return median(times);
}

console.log('dtype    n     js GFLOP/s  wasm-simd GFLOP/s  speed-up');
for (const dtype of ['float64', 'float32']) {
  for (const n of [64, 256, 512]) {
    const a = randn([n, n], { seed: 1, dtype }), b = randn([n, n], { seed: 2, dtype });
    const reps = n <= 256 ? 7 : 3;
    const tj = seconds(jsBackend, a, b, reps), tw = seconds(simd, a, b, reps);
    const gf = (t) => (2 * n ** 3 / t / 1e9).toFixed(2).padStart(8);
    console.log(`${dtype}  ${String(n).padEnd(5)} ${gf(tj)}     ${gf(tw)}           ${(tj / tw).toFixed(1)}x`);
  }
}
