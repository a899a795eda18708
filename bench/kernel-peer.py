"""NumPy/LAPACK peer of bench/kernel.bench.ts: the same Gaussian-kernel system, built and solved in float64.

Usage: python3 kernel-peer.py X.f64 LABELS.i32 N D GAMMA RUNS
Reads X (n x d float64, row-major) and the labels (int32), builds K = exp(-gamma * ||x_i - x_j||^2) with one
matrix product (X @ X.T), factors K = L L^T with LAPACK (numpy.linalg.cholesky, dpotrf), and solves
L L^T alpha = Y (one-hot, 10 columns) by blocked forward/backward substitution (NumPy has no triangular solve
without SciPy; the blocks' products go through BLAS and cost O(n^2 k), negligible next to the factorization).
Prints one JSON line: per-run seconds (build, factor+solve), the peak RSS, the norm sqrt(tr(alpha^T Y)) and the
smallest pivot (min L_ii^2), so that the TypeScript side can check it solved the same system.
"""
import json
import resource
import sys
import time

import numpy as np


def build(x, gamma):
    g = x @ x.T
    s = np.einsum("ij,ij->i", x, x)
    d2 = s[:, None] + s[None, :] - 2.0 * g
    np.maximum(d2, 0.0, out=d2)
    d2 *= -gamma
    np.exp(d2, out=d2)
    return d2


def solve(k, y, block=256):
    l = np.linalg.cholesky(k)
    n = l.shape[0]
    z = y.copy()
    for b0 in range(0, n, block):
        b1 = min(n, b0 + block)
        if b0 > 0:
            z[b0:b1] -= l[b0:b1, :b0] @ z[:b0]
        z[b0:b1] = np.linalg.solve(l[b0:b1, b0:b1], z[b0:b1])
    for b1 in range(n, 0, -block):
        b0 = max(0, b1 - block)
        if b1 < n:
            z[b0:b1] -= l[b1:, b0:b1].T @ z[b1:]
        z[b0:b1] = np.linalg.solve(l[b0:b1, b0:b1].T, z[b0:b1])
    return l, z


def main():
    xf, lf, n, d, gamma, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
    x = np.fromfile(xf, dtype="<f8").reshape(n, d)
    labels = np.fromfile(lf, dtype="<i4")
    y = np.zeros((n, 10))
    y[np.arange(n), labels] = 1.0
    builds, solves = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        k = build(x, gamma)
        t1 = time.perf_counter()
        l, alpha = solve(k, y)
        t2 = time.perf_counter()
        builds.append(t1 - t0)
        solves.append(t2 - t1)
        norm = float(np.sqrt(np.sum(alpha * y)))
        min_pivot = float(np.min(np.diag(l)) ** 2)
        del k, l
    print(json.dumps({
        "build_s": builds,
        "solve_s": solves,
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "norm": norm,
        "min_pivot": min_pivot,
        "numpy": np.__version__,
    }))


if __name__ == "__main__":
    main()
