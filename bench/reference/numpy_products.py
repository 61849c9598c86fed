#!/usr/bin/env python3
"""Reference: the three products of the CE-UFM gradient at (K, d, N) = (100, 512, 10000) in NumPy with ONE BLAS
thread — Z = W @ H, G @ H.T and W.T @ G, 2·K·d·N flops each — CPU time (time.process_time), best of 7 each.

Prints one JSON object {"numpy": version, "seconds": [t_WH, t_GHt, t_WtG]}. Run by bench/wasmCeiling.bench.ts.
"""
import json, os, time
for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[v] = "1"
import numpy as np

K, D, N = 100, 512, 10000
rng = np.random.default_rng(1)
W = rng.standard_normal((K, D))
H = rng.standard_normal((D, N))
G = rng.standard_normal((K, N))
ops = [lambda: W @ H, lambda: G @ H.T, lambda: W.T @ G]
best = []
for op in ops:
    op()
    ts = []
    for _ in range(7):
        t = time.process_time()
        op()
        ts.append(time.process_time() - t)
    best.append(min(ts))
print(json.dumps({"numpy": np.__version__, "seconds": best}))
