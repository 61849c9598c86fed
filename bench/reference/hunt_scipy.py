#!/usr/bin/env python3
"""Reference hunt, written the way a researcher would today (issue 13 item 5): SciPy L-BFGS multistart on the
conjecture ce.d-below-k-minus-1.symmetric-is-global (THEORY.md §7.1: balanced CE-UFM with d < K-1, is the most
symmetric configuration -- the regular K-gon for d = 2, the zigzag/antiprism for d = 3 -- a global minimiser?).

Input: a JSON file of instances exactly as the ufmcheck hunt draws them (bench/huntReference.bench.ts writes it):
{"problem": {"K", "d", "n", "lambdaW", "lambdaH", "lambdaB", "bias"}, "seed", "starts", "initScale"}.
Per instance:
  1. the symmetric configuration's value: W rows and class means h_k on the cyclic orbit (frequency 1, plus the
     alternating frequency K/2 in d = 3), h_k proportional to w_k, b = 0; its scale weights fitted by L-BFGS-B;
  2. M = starts runs of scipy.optimize.minimize(method="L-BFGS-B", jac=True) on the full objective
     f = (1/N) sum_i CE(W h_i + b, y_i) + lambdaW/2 |W|^2 + lambdaH/2 |H|^2 + lambdaB/2 |b|^2,
     from N(0, initScale^2) starts (NumPy value and gradient, one BLAS thread);
  3. verdict: 'hit' when the best start is below the symmetric value by more than 1e-9 * max(1, |f|), else
     'no-hit'; 'inconclusive' when no start converged. No second-order certificate, no rounding bound.
Prints one JSON line: {"scipy", "numpy", "seconds" (solve loop only, imports excluded), "verdicts": [...]}.
"""
import json, os, sys, time
for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[v] = "1"
import numpy as np
import scipy
from scipy.optimize import minimize


def make_objective(K, d, n, lw, lh, lb, bias):
    N = K * n
    Y = np.kron(np.eye(K), np.ones((1, n)))
    nb = K if bias else 0

    def unpack(x):
        W = x[: K * d].reshape(K, d)
        H = x[K * d : K * d + d * N].reshape(d, N)
        b = x[K * d + d * N :] if bias else np.zeros(K)
        return W, H, b

    def fg(x):
        W, H, b = unpack(x)
        Z = W @ H + b[:, None]
        Z = Z - Z.max(axis=0, keepdims=True)
        E = np.exp(Z)
        S = E.sum(axis=0, keepdims=True)
        f = (np.log(S).sum() - (Z * Y).sum()) / N
        G = (E / S - Y) / N
        f += 0.5 * (lw * (W * W).sum() + lh * (H * H).sum() + lb * (b * b).sum())
        gW = G @ H.T + lw * W
        gH = W.T @ G + lh * H
        parts = [gW.ravel(), gH.ravel()]
        if bias:
            parts.append(G.sum(axis=1) + lb * b)
        return f, np.concatenate(parts)

    return fg, K * d + d * N + nb, unpack


def symmetric_value(K, d, n, fg, dim, bias):
    """Best cyclic self-dual configuration: W = diag-scaled Fourier vectors, H-bar = W / alpha^2, b = 0."""
    k = np.arange(K)
    cols = [np.cos(2 * np.pi * k / K), np.sin(2 * np.pi * k / K)]
    if d >= 3 and K % 2 == 0:
        cols.append((-1.0) ** k)
    V = np.stack(cols[:d], axis=1)  # K x r, r <= d

    def point(s):
        W = np.zeros((K, d))
        Hbar = np.zeros((d, K))
        r = V.shape[1]
        scales = np.concatenate([[s[0], s[0]], s[1:]])[:r]
        W[:, :r] = V * scales[None, :] * s[-1]
        Hbar[:r, :] = (V * scales[None, :]).T
        H = np.repeat(Hbar, n, axis=1)
        x = np.concatenate([W.ravel(), H.ravel(), np.zeros(K if bias else 0)])
        return x

    nfree = 2 if V.shape[1] == 2 else 3  # weights per frequency, plus the W/H ratio
    best = np.inf
    for s0 in (0.5, 1.0, 2.0, 4.0):
        r = minimize(lambda s: fg(point(s))[0], np.full(nfree, s0), method="L-BFGS-B", bounds=[(0, None)] * nfree,
                     options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 500})
        best = min(best, r.fun)
    return best


def decide(inst):
    p = inst["problem"]
    K, d, n = p["K"], p["d"], p["n"]
    bias = bool(p["bias"])
    fg, dim, _ = make_objective(K, d, n, p["lambdaW"], p["lambdaH"], p["lambdaB"], bias)
    f_sym = symmetric_value(K, d, n, fg, dim, bias)
    values = []
    for s in range(inst["starts"]):
        rng = np.random.default_rng((inst["seed"] + 104729 * s) % 2**32)
        x0 = rng.normal(0.0, inst["initScale"], dim)
        r = minimize(fg, x0, jac=True, method="L-BFGS-B", options={"ftol": 1e-15, "gtol": 1e-9, "maxiter": 5000})
        if r.success:
            values.append(r.fun)
    if not values:
        return "inconclusive"
    return "hit" if min(values) < f_sym - 1e-9 * max(1.0, abs(f_sym)) else "no-hit"


def main():
    instances = json.load(open(sys.argv[1]))
    t0 = time.perf_counter()
    verdicts = [decide(i) for i in instances]
    seconds = time.perf_counter() - t0
    print(json.dumps({"scipy": scipy.__version__, "numpy": np.__version__, "seconds": seconds, "verdicts": verdicts}))


main()
