#!/usr/bin/env python3
"""Reference: PyTorch L-BFGS (strong Wolfe, one thread) on the issue-2 CE instance until ||grad||_2 <= 1e-8.

K=10, d=20, n=100, lambda_W = lambda_H = lambda_b = 5e-4, float64, N(0,1) init (seeded). Prints one JSON object
{"torch", "seconds", "iterations", "gradNorm", "value", "reached"} (median seconds over repeats).
"""
import json, sys, time
import torch
torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)

K, d, n, lam = 10, 20, 100, 5e-4
N = K * n
y = torch.arange(K).repeat_interleave(n)

def run(seed):
    g = torch.Generator().manual_seed(seed)
    W = torch.randn(K, d, generator=g).requires_grad_()
    H = torch.randn(d, N, generator=g).requires_grad_()
    b = torch.randn(K, generator=g).requires_grad_()
    opt = torch.optim.LBFGS([W, H, b], lr=1, max_iter=1, history_size=10, tolerance_grad=0, tolerance_change=0,
                            line_search_fn="strong_wolfe")
    def closure():
        opt.zero_grad()
        Z = W @ H + b[:, None]
        f = torch.nn.functional.cross_entropy(Z.T, y) + lam / 2 * (W.pow(2).sum() + H.pow(2).sum() + b.pow(2).sum())
        f.backward()
        return f
    t0 = time.perf_counter()
    it, gn, f = 0, float("inf"), None
    while it < 2000:
        f = opt.step(closure)
        it += 1
        gn = torch.sqrt(sum(p.grad.pow(2).sum() for p in (W, H, b))).item()
        if gn <= 1e-8:
            break
    return time.perf_counter() - t0, it, gn, float(closure().item())

res = [run(s) for s in range(int(sys.argv[1]) if len(sys.argv) > 1 else 5)]
secs = sorted(r[0] for r in res)
print(json.dumps({"torch": torch.__version__, "seconds": secs[len(secs) // 2], "iterations": [r[1] for r in res],
                  "gradNorm": max(r[2] for r in res), "value": res[0][3], "reached": all(r[2] <= 1e-8 for r in res)}))
