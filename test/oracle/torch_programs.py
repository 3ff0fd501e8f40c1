#!/usr/bin/python3
"""The PyTorch oracle for jacobi's random programs.

Reads {"programs": [...], "large": [...]} (the JSON format of packages/core/src/testing/programs.ts)
on stdin, runs every program in PyTorch float64 and writes {"results": [...], "large": [...]} on
stdout. For each of "programs": its output tensor and scalar loss, the gradient of the loss with
respect to every input, the full Jacobian of the output with respect to every input
(torch.autograd.functional.jacobian) and the Hessian of the loss with respect to every pair of
inputs (torch.autograd.functional.hessian). Each of "large" is {"program": ..., "v": [...]} with a
direction per input (flat values), too big for full Jacobians: its output, loss, gradients, the
JVP of the output along v (torch.autograd.functional.jvp) and the Hessian of the loss times v
(torch.autograd.functional.hvp).
Tensors travel as {"shape": [...], "data": [...]} in row-major order; non-finite numbers as the
strings "NaN", "Infinity", "-Infinity" (JSON has no literal for them).

Run with Debian's interpreter: /usr/bin/python3 test/oracle/torch_programs.py < programs.json
"""
import json
import math
import sys

try:
    import torch
    import torch.nn.functional as F
except ImportError as err:
    sys.stderr.write(
        f"torch_programs.py: cannot import torch ({err}). Install Debian's PyTorch with "
        "`sudo apt-get install -y python3-torch` and run this script with /usr/bin/python3.\n"
    )
    sys.exit(3)

F64 = torch.float64


def dims(step, x):
    """Reduction axes of a step as a tuple (all axes when the program says null)."""
    axes = step.get("axes")
    return tuple(range(x.ndim)) if axes is None else tuple(a % x.ndim for a in axes)


def reduction(fn):
    """A reduction over the step's axes; over no axes (a 0-d tensor) it is the identity, as in jacobi."""

    def apply(args, step):
        x = args[0]
        d = dims(step, x)
        return x if d == () else fn(x, d, bool(step.get("keepdims", False)), step)

    return apply


def prod(x, d, keepdim, _step):
    for axis in sorted(d, reverse=True):  # torch.prod takes one axis at a time
        x = torch.prod(x, dim=axis, keepdim=keepdim)
    return x


def second(args, step):
    """A binary op's second operand: the second argument, or the step's scalar."""
    return args[1] if len(args) > 1 else step["scalar"]


def slice_index(entry):
    if entry is None:
        return slice(None)
    if isinstance(entry, list):
        return slice(*entry)
    return entry


def take(args, step):
    x = args[0]
    axis = step.get("axis", 0) % x.ndim
    idx = torch.tensor(step["indices"], dtype=torch.long) % x.shape[axis]
    out = torch.index_select(x, axis, idx.reshape(-1))
    return out.reshape(x.shape[:axis] + idx.shape + x.shape[axis + 1 :])


def scatter_add(args, step):
    target, values = args
    axis = step.get("axis", 0) % target.ndim
    idx = torch.tensor(step["indices"], dtype=torch.long) % target.shape[axis]
    flat = values.reshape(target.shape[:axis] + (idx.numel(),) + target.shape[axis + 1 :])
    return target.index_add(axis, idx.reshape(-1), flat)


def squeeze(args, step):
    x = args[0]
    if step.get("axes") is None:
        return x.squeeze()
    for axis in sorted((a % x.ndim for a in step["axes"]), reverse=True):  # one axis at a time in torch 1.13
        x = x.squeeze(axis)
    return x


def pad(args, step):
    flat = [w for pair in reversed(step["widths"]) for w in pair]  # torch pads the last axis first
    return F.pad(args[0], flat)


def solve(args, _step):
    a, b = args
    if b.ndim == 1:  # a vector right-hand side, as a one-column matrix (torch 1.13's backward fails for n = 1 otherwise)
        return torch.linalg.solve(a, b.unsqueeze(-1)).squeeze(-1)
    return torch.linalg.solve(a, b)


def add_eye(args, step):
    x = args[0]
    return x + step["scalar"] * torch.eye(x.shape[-1], dtype=F64)


OPS = {
    "neg": lambda a, s: torch.neg(a[0]),
    "exp": lambda a, s: torch.exp(a[0]),
    "log": lambda a, s: torch.log(a[0]),
    "log1p": lambda a, s: torch.log1p(a[0]),
    "sin": lambda a, s: torch.sin(a[0]),
    "cos": lambda a, s: torch.cos(a[0]),
    "tanh": lambda a, s: torch.tanh(a[0]),
    "sqrt": lambda a, s: torch.sqrt(a[0]),
    "abs": lambda a, s: torch.abs(a[0]),
    "sigmoid": lambda a, s: torch.sigmoid(a[0]),
    "relu": lambda a, s: torch.relu(a[0]),
    "square": lambda a, s: torch.square(a[0]),
    "stopGradient": lambda a, s: a[0].detach(),
    "add": lambda a, s: torch.add(a[0], second(a, s)),
    "sub": lambda a, s: torch.sub(a[0], second(a, s)),
    "mul": lambda a, s: torch.mul(a[0], second(a, s)),
    "div": lambda a, s: torch.div(a[0], second(a, s)),
    "pow": lambda a, s: torch.pow(a[0], second(a, s)),
    "maximum": lambda a, s: torch.maximum(a[0], a[1]),
    "minimum": lambda a, s: torch.minimum(a[0], a[1]),
    "gt": lambda a, s: a[0] > second(a, s),
    "lt": lambda a, s: a[0] < second(a, s),
    "where": lambda a, s: torch.where(a[0], a[1], a[2]),
    "sum": reduction(lambda x, d, k, s: torch.sum(x, dim=d, keepdim=k)),
    "mean": reduction(lambda x, d, k, s: torch.mean(x, dim=d, keepdim=k)),
    "max": reduction(lambda x, d, k, s: torch.amax(x, dim=d, keepdim=k)),
    "min": reduction(lambda x, d, k, s: torch.amin(x, dim=d, keepdim=k)),
    "prod": reduction(prod),
    "logsumexp": reduction(lambda x, d, k, s: torch.logsumexp(x, dim=d, keepdim=k)),
    "variance": reduction(lambda x, d, k, s: torch.var(x, dim=d, unbiased=bool(s.get("correction", 0)), keepdim=k)),
    "norm": reduction(lambda x, d, k, s: torch.linalg.vector_norm(x, 2, dim=d, keepdim=k)),
    "softmax": lambda a, s: torch.softmax(a[0], dim=s.get("axis", -1)),
    "logSoftmax": lambda a, s: torch.log_softmax(a[0], dim=s.get("axis", -1)),
    "matmul": lambda a, s: torch.matmul(a[0], a[1]),
    "dot": lambda a, s: torch.matmul(a[0], a[1]),  # NumPy's dot for 1-D and 2-D operands
    "outer": lambda a, s: torch.outer(a[0], a[1]),
    "reshape": lambda a, s: a[0].reshape(s["shape"]),
    "squeeze": squeeze,
    "transpose": lambda a, s: a[0].permute(s["perm"]),
    "moveaxis": lambda a, s: torch.movedim(a[0], s["axis"], s["to"]),
    "slice": lambda a, s: a[0][tuple(slice_index(e) for e in s["index"])],
    "concat": lambda a, s: torch.cat(a, dim=s.get("axis", 0)),
    "stack": lambda a, s: torch.stack(a, dim=s.get("axis", 0)),
    "split": lambda a, s: torch.tensor_split(a[0], s["cuts"], dim=s.get("axis", 0))[s["part"]],
    "take": take,
    "scatterAdd": scatter_add,
    "pad": pad,
    "expandDims": lambda a, s: torch.unsqueeze(a[0], s["axis"]),
    "broadcastTo": lambda a, s: torch.broadcast_to(a[0], s["shape"]),
    "diagonal": lambda a, s: torch.diagonal(a[0], s.get("offset", 0), -2, -1),
    "diag": lambda a, s: torch.diag(a[0]),
    "trace": lambda a, s: torch.diagonal(a[0], 0, -2, -1).sum(-1),
    "tril": lambda a, s: torch.tril(a[0], s.get("offset", 0)),
    "triu": lambda a, s: torch.triu(a[0], s.get("offset", 0)),
    "clip": lambda a, s: torch.clamp(a[0], s["lo"], s["hi"]),
    "addEye": add_eye,
    "det": lambda a, s: torch.linalg.det(a[0]),
    "inv": lambda a, s: torch.linalg.inv(a[0]),
    "solve": solve,
    "logabsdet": lambda a, s: torch.linalg.slogdet(a[0])[1],
}


def run(program, xs):
    """Runs a program on input tensors; returns (output, loss)."""
    env = {inp["name"]: x for inp, x in zip(program["inputs"], xs)}
    for step in program["steps"]:
        if step["op"] not in OPS:
            raise ValueError(f"step {step['name']}: the oracle has no op {step['op']!r}")
        env[step["name"]] = OPS[step["op"]]([env[a] for a in step["args"]], step)
    return env[program["output"]], env[program["loss"]]


def number(v):
    return v if math.isfinite(v) else ("NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity"))


def encode(t):
    t = t.detach().to(F64)
    return {"shape": list(t.shape), "data": [number(v) for v in t.reshape(-1).tolist()]}


def oracle(program):
    xs = tuple(torch.tensor(i["data"], dtype=F64).reshape(i["shape"]) for i in program["inputs"])
    leaves = tuple(x.clone().requires_grad_() for x in xs)
    output, loss = run(program, leaves)
    # a loss cut off from every input (stopGradient) has no graph: its gradients are zero
    grads = torch.autograd.grad(loss, leaves, allow_unused=True) if loss.requires_grad else [None] * len(xs)
    jacobians = torch.autograd.functional.jacobian(lambda *a: run(program, a)[0], xs)
    hessians = torch.autograd.functional.hessian(lambda *a: run(program, a)[1], xs)
    return {
        "seed": program["seed"],
        "output": encode(output),
        "loss": encode(loss),
        "grads": [encode(g if g is not None else torch.zeros_like(x)) for g, x in zip(grads, xs)],
        "jacobians": [encode(j) for j in jacobians],
        "hessians": [[encode(h) for h in row] for row in hessians],
    }


def oracle_large(item):
    program = item["program"]
    xs = tuple(torch.tensor(i["data"], dtype=F64).reshape(i["shape"]) for i in program["inputs"])
    v = tuple(torch.tensor(d, dtype=F64).reshape(x.shape) for d, x in zip(item["v"], xs))
    leaves = tuple(x.clone().requires_grad_() for x in xs)
    output, loss = run(program, leaves)
    grads = torch.autograd.grad(loss, leaves, allow_unused=True) if loss.requires_grad else [None] * len(xs)
    _, jvp = torch.autograd.functional.jvp(lambda *a: run(program, a)[0], xs, v)
    _, hvp = torch.autograd.functional.hvp(lambda *a: run(program, a)[1], xs, v)
    return {
        "seed": program["seed"],
        "output": encode(output),
        "loss": encode(loss),
        "grads": [encode(g if g is not None else torch.zeros_like(x)) for g, x in zip(grads, xs)],
        "jvp": encode(jvp),
        "hvp": [encode(h) for h in hvp],
    }


def each(items, fn, seed_of):
    """fn of every item; an exception is reported per item, so one bad op cannot hide the others."""
    results = []
    for item in items:
        try:
            results.append(fn(item))
        except Exception as err:
            results.append({"seed": seed_of(item), "error": f"{type(err).__name__}: {err}"})
    return results


def main():
    torch.set_num_threads(1)  # a shared machine; the programs are small
    request = json.load(sys.stdin)
    results = each(request["programs"], oracle, lambda p: p.get("seed"))
    large = each(request.get("large", []), oracle_large, lambda item: item["program"].get("seed"))
    json.dump({"torch": torch.__version__, "results": results, "large": large}, sys.stdout)


if __name__ == "__main__":
    main()
