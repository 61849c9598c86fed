#!/usr/bin/env python3
"""Reference: CE-UFM value + full gradient in NumPy with ONE BLAS thread (THEORY.md §0.2).

Prints one JSON object {"numpy": version, "cases": [{"K","d","n","ms","cpuMs"}]} with the median wall time and the
median CPU time of this process (time.process_time) per evaluation; CPU time moves less when other jobs share the
cores.
Run by bench/run.ts when python3 with NumPy is present; skipped otherwise. Thread count is pinned before import.
"""
import json, os, sys, time
for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[v] = "1"
import numpy as np

def value_and_grad(W, H, b, Y, lw, lh, lb):
    N = H.shape[1]
    Z = W @ H + b[:, None]
    Z -= Z.max(axis=0, keepdims=True)
    E = np.exp(Z)
    S = E.sum(axis=0, keepdims=True)
    P = E / S
    f = (np.log(S).sum() - (Z * Y).sum()) / N
    G = (P - Y) / N
    gW = G @ H.T + lw * W
    gH = W.T @ G + lh * H
    gb = G.sum(axis=1) + lb * b
    f += 0.5 * (lw * (W * W).sum() + lh * (H * H).sum() + lb * (b * b).sum())
    return f, gW, gH, gb

def main():
    sizes = [(4, 20, 10), (10, 20, 100), (10, 512, 500), (100, 512, 100)]
    if len(sys.argv) > 1:
        sizes = [tuple(int(x) for x in s.split(",")) for s in sys.argv[1:]]
    rng = np.random.default_rng(1)
    out = []
    for K, d, n in sizes:
        N = K * n
        W = rng.standard_normal((K, d)); H = rng.standard_normal((d, N)); b = rng.standard_normal(K)
        Y = np.kron(np.eye(K), np.ones((1, n)))
        times, cpu = [], []
        budget = time.perf_counter() + 1.0
        while time.perf_counter() < budget or len(times) < 5:
            t0 = time.perf_counter(); c0 = time.process_time()
            value_and_grad(W, H, b, Y, 5e-4, 5e-4, 5e-4)
            cpu.append(time.process_time() - c0); times.append(time.perf_counter() - t0)
        times.sort(); cpu.sort()
        out.append({"K": K, "d": d, "n": n, "ms": 1e3 * times[len(times) // 2], "cpuMs": 1e3 * cpu[len(cpu) // 2], "samples": len(times)})
    print(json.dumps({"numpy": np.__version__, "cases": out}))

main()
