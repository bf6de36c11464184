"""SciPy's optimum of Descent's logistic problem on a CSV file, for descent-spark's ScipyOptimumTest.

f(w) = (1/m)·Σ log(1 + exp(−yᵢ·xᵢᵀw)) + (λ/2)·‖w‖², labels ±1 (0 read as −1), features then the label
on each line, no intercept: the function DistributedLogisticRegression and LogisticRegression minimise.
SciPy's L-BFGS-B from w = 0, float64, analytic gradient, run to ‖g‖∞ ≤ 1e-12 (ftol 0), prints JSON.

usage: python3 scripts/scipy_logistic.py make FILE.csv ROWS COLS SEED   (a seeded, badly scaled data set)
       python3 scripts/scipy_logistic.py solve FILE.csv L2 > optimum.json
"""
import json
import sys

import numpy as np
import scipy
from scipy.optimize import minimize


def make(path, rows, cols, seed):
    rng = np.random.default_rng(seed)
    scale = 10.0 ** rng.uniform(-1, 1, cols)  # features up to 100 apart, as real ones are
    x = rng.standard_normal((rows, cols)) * scale
    w = rng.standard_normal(cols) / scale
    y = np.where(rng.uniform(size=rows) < 1 / (1 + np.exp(-x @ w)), 1.0, -1.0)
    np.savetxt(path, np.column_stack([x, y]), delimiter=",", fmt="%.7g")


def solve(path, l2):
    d = np.loadtxt(path, delimiter=",", ndmin=2)
    x, y = d[:, :-1], np.where(d[:, -1] > 0, 1.0, -1.0)
    m = len(y)

    def fg(w):
        z = -y * (x @ w)
        loss = np.logaddexp(0, z).mean() + 0.5 * l2 * w @ w
        r = -y * scipy.special.expit(z)
        return loss, x.T @ r / m + l2 * w

    res = minimize(fg, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B",
                   options={"gtol": 1e-12, "ftol": 0.0, "maxiter": 100000, "maxcor": 10})
    g = fg(res.x)[1]
    print(json.dumps({"scipy": scipy.__version__, "file": path.split("/")[-1], "l2": l2, "f": res.fun,
                      "w": res.x.tolist(), "grad_inf_norm": float(np.abs(g).max()), "iterations": int(res.nit),
                      "evaluations": int(res.nfev), "message": str(res.message)}, indent=1))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
    else:
        solve(sys.argv[2], float(sys.argv[3]))
