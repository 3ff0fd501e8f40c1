"""PyTorch's side of the harness: one (workload, dtype) per process, the same protocol as the
Node children (bench/src/child.ts). Usage: python3 torch_child.py '<ChildSpec as JSON>'; prints
one line of JSON with timesMs, checks, maxRssKB and info."""
import json
import os
import resource
import sys
import time

import numpy as np
import torch

MLP_PARAMS = ["W1", "b1", "W2", "b2", "W3", "b3"]
WARM_UP_CALLS, WARM_UP_BUDGET_MS = 20, 1000  # as WARM_UP in src/timing.ts


def read_inputs(folder, dtype):
    with open(os.path.join(folder, "inputs.json")) as f:
        manifest = json.load(f)
    return {
        name: torch.from_numpy(np.fromfile(os.path.join(folder, name + ".f64"), dtype="<f8").reshape(shape)).to(dtype)
        for name, shape in manifest.items()
    }


def sample_indices(size):  # as sampleIndices in src/agreement.ts
    picks = [0, 1, size // 3, size // 2, (2 * size) // 3, size - 1]
    return list(dict.fromkeys(i for i in picks if 0 <= i < size))


def summarize(names, arrays):
    groups = []
    for name, a in zip(names, arrays):
        flat = a.detach().reshape(-1).to(torch.float64)
        groups.append({
            "name": name,
            "size": flat.numel(),
            "samples": [flat[i].item() for i in sample_indices(flat.numel())],
            "meanAbs": flat.abs().mean().item(),
        })
    return groups


def prepare(workload, x):
    kind = workload["kind"]
    if kind == "matmul":
        return lambda: [x["A"] @ x["B"]]
    if kind in ("jacrev", "jacfwd"):
        f = lambda v: torch.tanh(x["W"] @ v)
        strategy = "reverse-mode" if kind == "jacrev" else "forward-mode"
        return lambda: [torch.autograd.functional.jacobian(f, x["x"], vectorize=True, strategy=strategy)]
    if kind == "mlp":
        params = [x[k].clone().requires_grad_() for k in MLP_PARAMS]

        def step():
            W1, b1, W2, b2, W3, b3 = params
            h1 = torch.tanh(x["X"] @ W1 + b1)
            h2 = torch.tanh(h1 @ W2 + b2)
            logits = h2 @ W3 + b3
            loss = -(x["Y"] * torch.log_softmax(logits, 1)).sum(1).mean()
            grads = torch.autograd.grad(loss, params)
            return [loss.detach(), *grads]

        return step
    raise ValueError(f"torch_child: unknown workload kind {kind!r}")


def time_steps(step, plan):
    def once():
        t = time.perf_counter()
        out = step()
        return (time.perf_counter() - t) * 1000, out

    warm, calls = 0.0, 0
    while calls < WARM_UP_CALLS and warm < WARM_UP_BUDGET_MS:
        warm += once()[0]
        calls += 1
    times, spent = [], 0.0
    while True:
        ms, out = once()
        times.append(ms)
        spent += ms
        if len(times) >= plan["reps"] or (len(times) >= plan["minReps"] and spent >= plan["budgetMs"]):
            return times, out


def main(spec):
    torch.set_num_threads(spec.get("threads") or 1)
    dtype = torch.float32 if spec["dtype"] == "float32" else torch.float64
    x = read_inputs(spec["inputsDir"], dtype)
    times, out = time_steps(prepare(spec["workload"], x), spec["plan"])
    return {
        "timesMs": times,
        "checks": summarize(spec["workload"]["outputs"], out),
        "maxRssKB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "info": {"version": torch.__version__, "threads": torch.get_num_threads()},
    }


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1]))))
