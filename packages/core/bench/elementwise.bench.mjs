// The WebAssembly SIMD elementwise, reduction and transpose kernels against the plain JS kernels,
// measured in the same run on the same inputs (copies into and out of wasm memory included), and
// the two workloads they serve: one MLP training step 784-256-256-10 (tanh, batch 128) and the
// full Jacobian of tanh(W x) at n = 256, with these kernel families on JS and then on wasm (matrix
// products on wasm in both). Medians of repeated runs; the ratios are what matter on a shared machine.
// Run after `npm run build -w @jacobi/core`: node bench/elementwise.bench.mjs
import core from '../dist/index.js';
import backends from '../dist/backend/index.js';

const { randn, zeros, matmul, add, tanh, jacrev, valueAndGrad, nn, setBackend } = core;
const { jsBackend, wasmSimdBackend } = backends;

const simd = wasmSimdBackend();
if (!simd) throw new Error('the wasm kernels did not load: run npm run build -w @jacobi/core');
const FAMILIES = ['unary', 'binary', 'reduce', 'strided'];
/** The wasm backend with the families in `families` taken from the JS kernels. */
const withJs = (families) => ({ ...simd, ...Object.fromEntries(families.map((f) => [f, jsBackend[f]])) });

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median ms per call: calls batched so that each sample lasts about 5 ms. */
function time(fn, samples = 11) {
  for (let i = 0; i < 3; i++) fn();
  const t0 = performance.now();
  fn();
  const per = Math.max(1, Math.ceil(5 / Math.max(performance.now() - t0, 1e-3)));
  const times = [];
  for (let s = 0; s < samples; s++) {
    const t = performance.now();
    for (let i = 0; i < per; i++) fn();
    times.push((performance.now() - t) / per);
  }
  return median(times);
}

const rows = [];
/** Times `prepare(Array)(kernels)` on both backends; inputs are made once, outside the timing. */
function compare(family, label, dtype, prepare) {
  const run = prepare(dtype === 'float32' ? Float32Array : Float64Array);
  const js = time(() => run(jsBackend)), wasm = time(() => run(simd));
  rows.push({ family, label, dtype, jsMs: js, wasmMs: wasm, speedup: js / wasm });
}

const filled = (Array, n, f) => Array.from({ length: n }, (_, i) => f(i));
const [M, N] = [128, 256]; // the MLP's hidden activations

/** Every kernel comparison; run twice, keeping the second pass (the first warms up and tiers up wasm). */
function measureAll() {
  rows.length = 0;
  for (const dtype of ['float32', 'float64']) {
    for (const n of [256, M * N]) {
      for (const op of ['tanh', 'exp', 'log', 'sigmoid', 'relu', 'neg']) {
        compare('unary', `${op} n=${n}`, dtype, (A) => {
          const x = filled(A, n, (i) => Math.abs(Math.sin(i)) * 3 + 0.01), out = new A(n);
          return (b) => b.unary(op, x, out);
        });
      }
    }
    const cases = [
      ['same shape', [N, 1], [N, 1], M * N],
      ['row broadcast (bias)', [N, 1], [0, 1], N],
      ['scalar', [N, 1], [0, 0], 1],
      ['column broadcast', [N, 1], [1, 0], M],
    ];
    for (const [name, as, bs, bSize] of cases) {
      for (const op of ['add', 'mul']) {
        compare('binary', `${op} ${name} [${M}, ${N}]`, dtype, (A) => {
          const a = filled(A, M * N, (i) => i * 0.001), bb = filled(A, bSize, (i) => 1 + i * 0.002), out = new A(M * N);
          return (b) => b.binary(op, a, as, bb, bs, [M, N], out);
        });
      }
    }
    for (const [op, axis] of [['sum', 1], ['sum', 0], ['max', 1]]) {
      compare('reduce', `${op} over axis ${axis} of [${M}, ${N}]`, dtype, (A) => {
        const x = filled(A, M * N, (i) => Math.sin(i)), out = new A(axis === 1 ? M : N);
        return (b) => b.reduce(op, x, [M, N], [axis], out);
      });
    }
    for (const n of [256, 512]) {
      compare('strided', `transpose [${n}, ${n}]`, dtype, (A) => {
        const x = filled(A, n * n, (i) => i), out = new A(n * n);
        return (b) => b.strided(x, 0, [1, n], [n, n], out);
      });
    }
  }
}
measureAll();
measureAll();

/** The two workloads as closures: they run on whatever backend is set when called. */
function workloads(dtype) {
  const W1 = randn([784, 256], { seed: 1, dtype }).mul(0.05), b1 = zeros([256], { dtype });
  const W2 = randn([256, 256], { seed: 2, dtype }).mul(0.05), b2 = zeros([256], { dtype });
  const W3 = randn([256, 10], { seed: 3, dtype }).mul(0.05), b3 = zeros([10], { dtype });
  const x = randn([128, 784], { seed: 4, dtype });
  const y = Array.from({ length: 128 }, (_, i) => i % 10);
  const loss = (p) => {
    const h1 = tanh(add(matmul(x, p.W1), p.b1));
    const h2 = tanh(add(matmul(h1, p.W2), p.b2));
    return nn.softmaxCrossEntropy(add(matmul(h2, p.W3), p.b3), y);
  };
  const step = valueAndGrad(loss);
  const params = { W1, b1, W2, b2, W3, b3 };
  const W = randn([256, 256], { seed: 5, dtype }), v = randn([256], { seed: 6, dtype });
  const jac = jacrev((u) => tanh(matmul(W, u)));
  return { 'MLP step 784-256-256-10, batch 128': () => step(params), 'jacrev tanh(W x), n = 256': () => jac(v) };
}

/** Median ms of fn on each backend, the runs interleaved so that load on the machine hits both alike. */
function interleaved(fn, kernelSets, samples = 15) {
  const times = kernelSets.map(() => []);
  for (let s = -2; s < samples; s++) {
    kernelSets.forEach((k, i) => {
      const prev = setBackend(k);
      const t = performance.now();
      fn();
      if (s >= 0) times[i].push(performance.now() - t);
      setBackend(prev);
    });
  }
  return times.map(median);
}

const fmt = (x) => (x < 0.1 ? x.toFixed(4) : x.toFixed(2));
console.log('| family | kernel | dtype | JS ms | wasm ms | speedup |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.family} | ${r.label} | ${r.dtype} | ${fmt(r.jsMs)} | ${fmt(r.wasmMs)} | ${r.speedup.toFixed(1)}x |`);

console.log('\n| workload (matmul on wasm in both) | dtype | elementwise on JS, ms | on wasm, ms | speedup |');
console.log('|---|---|---|---|---|');
for (const dtype of ['float32', 'float64']) {
  for (const [name, fn] of Object.entries(workloads(dtype))) {
    const [before, after] = interleaved(fn, [withJs(FAMILIES), simd]);
    console.log(`| ${name} | ${dtype} | ${fmt(before)} | ${fmt(after)} | ${(before / after).toFixed(2)}x |`);
  }
}
