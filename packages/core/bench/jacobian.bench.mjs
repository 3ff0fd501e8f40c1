// Full Jacobian of f(x) = tanh(W x), W n×n, in float64: jacrev (one backward pass over a batch of n
// one-hot cotangents) against a loop of n pullback calls (the forward pass shared), and against
// PyTorch's vectorized Jacobians when /usr/bin/python3 has torch. All timed in the same run, the
// median of several repetitions; ratios are what matter on a shared machine.
// Run after `npm run build -w @jacobi/core`: npm run bench -w @jacobi/core (or node bench/jacobian.bench.mjs)
import { spawnSync } from 'node:child_process';
import core from '../dist/index.js';

const { randn, matmul, tanh, mul, jacrev, jacfwd, vjp, stack, zeros, backend } = core;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn, reps) {
  fn(); // warm up
  const times = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    fn();
    times.push((performance.now() - t) / 1000);
  }
  return median(times);
}

/** The baseline: one forward pass, then n separate pullback calls, one per row of J. */
function loopJacobian(f, x) {
  const [y, pullback] = vjp(f, x);
  const rows = [];
  for (let i = 0; i < y.size; i++) {
    const e = zeros(y.shape);
    e.data[i] = 1;
    rows.push(pullback(e)[0]);
  }
  return stack(rows);
}

const maxAbsDiff = (a, b) => a.data.reduce((m, v, i) => Math.max(m, Math.abs(v - b.data[i])), 0);

const PY = String.raw`
import json, sys, time
import torch
torch.set_num_threads(1)
torch.manual_seed(0)
out = {"torch": torch.__version__, "threads": torch.get_num_threads()}
try:
    from torch.func import jacrev
except ImportError:
    try:
        from functorch import jacrev
    except ImportError:
        jacrev = None
def median(xs):
    return sorted(xs)[len(xs) // 2]
def bench(fn, reps):
    fn()
    ts = []
    for _ in range(reps):
        t = time.perf_counter(); fn(); ts.append(time.perf_counter() - t)
    return median(ts)
for n, reps in json.loads(sys.argv[1]):
    W = torch.randn(n, n, dtype=torch.float64) / n ** 0.5
    x = torch.randn(n, dtype=torch.float64)
    f = lambda x: torch.tanh(W @ x)
    r = {"autograd_vectorized": bench(lambda: torch.autograd.functional.jacobian(f, x, vectorize=True), reps)}
    if jacrev is not None:
        r["func_jacrev"] = bench(lambda: jacrev(f)(x), reps)
    out[str(n)] = r
print(json.dumps(out))
`;

function pytorch(sizes) {
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return { error: 'torch is not importable by /usr/bin/python3' };
  const run = spawnSync('/usr/bin/python3', ['-c', PY, JSON.stringify(sizes)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (run.status !== 0) return { error: run.stderr.trim().split('\n').pop() };
  return JSON.parse(run.stdout.trim().split('\n').pop());
}

const sizes = [[256, 7], [1024, 3]];
console.log(`backend: ${backend().name ?? 'default'}; float64; median of the repetitions shown`);
const torchTimes = pytorch(sizes);
const rows = [];
for (const [n, reps] of sizes) {
  const W = mul(randn([n, n], { seed: 1 }), 1 / Math.sqrt(n));
  const x = randn([n], { seed: 2 });
  const f = (x) => tanh(matmul(W, x));
  const diff = maxAbsDiff(jacrev(f)(x), loopJacobian(f, x));
  const tRev = time(() => jacrev(f)(x), reps);
  const tFwd = time(() => jacfwd(f)(x), reps);
  const tLoop = time(() => loopJacobian(f, x), reps);
  const t = torchTimes[String(n)] ?? {};
  rows.push({ n, reps, jacrev: tRev, jacfwd: tFwd, loopOfVjps: tLoop, torchVectorized: t.autograd_vectorized, torchFuncJacrev: t.func_jacrev, maxAbsDiffRevVsLoop: diff });
}

const ms = (s) => (s === undefined ? '   n/a' : (s * 1000).toFixed(1).padStart(8));
const ratio = (a, b) => (a === undefined || b === undefined ? '  n/a' : `${(a / b).toFixed(2)}x`);
console.log('    n  jacrev ms  jacfwd ms  loop ms  torch-vec ms  torch-jacrev ms | loop/jacrev  jacrev/torch-vec  jacrev/torch-jacrev');
for (const r of rows) {
  console.log(
    `${String(r.n).padStart(5)} ${ms(r.jacrev)}   ${ms(r.jacfwd)} ${ms(r.loopOfVjps)}     ${ms(r.torchVectorized)}        ${ms(r.torchFuncJacrev)} |` +
      `   ${ratio(r.loopOfVjps, r.jacrev).padStart(7)}       ${ratio(r.jacrev, r.torchVectorized).padStart(7)}            ${ratio(r.jacrev, r.torchFuncJacrev).padStart(7)}`,
  );
}
if (torchTimes.error) console.log(`PyTorch: not measured (${torchTimes.error})`);
else console.log(`PyTorch ${torchTimes.torch}, ${torchTimes.threads} thread(s) (jacobi is single-threaded)`);
console.log(JSON.stringify({ rows, torch: torchTimes.torch ?? null }));
