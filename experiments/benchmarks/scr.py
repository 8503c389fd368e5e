"""Benchmark the SCR likelihood: numba kernel vs numpy reference, and a park-sized survey.

Run ``python experiments/benchmarks/scr.py``. It prints timings and ends with ONE JSON line:

- ``camgrid_seconds``: wall time of the camgrid_proximity HHN fit (secr's reference data, 144
  detectors, 3,968 mask points) with the numba likelihood, after compilation;
- ``speedup_vs_numpy``: numpy likelihood-evaluation time / numba likelihood-evaluation time at
  the camgrid MLE (one evaluation = effective area + all individuals);
- ``fit_speedup_vs_numpy``: the same ratio for the whole fit (same optimiser path);
- ``survey_seconds``: fit of a simulated 400-camera survey (20 x 20 at 2.5 km, 13 weekly
  occasions, HHN lambda0 = 0.1, sigma = 3 km, ~3,000-point mask), with its ``survey_n``.
"""

from __future__ import annotations

import json
import time
import timeit
from pathlib import Path

import numpy as np

from twin.estimators import SCR, CaptureHistory, Mask, read_secr_csv, simulate_scr

SECR_DIR = Path(__file__).resolve().parents[2] / "tests" / "data" / "secr"


def camgrid() -> tuple[CaptureHistory, Mask]:
    """secr's simulated 12 x 12 camera grid (proximity detectors) and its 12 km mask."""
    data = read_secr_csv(
        SECR_DIR / "camgrid_proximity_captures.csv", SECR_DIR / "camgrid_proximity_traps.csv"
    )
    return data, Mask.from_csv(SECR_DIR / "camgrid_mask_buffer12000.csv")


def eval_seconds(model: SCR, beta: np.ndarray) -> float:
    """Best-of-7 time of one log-likelihood evaluation."""
    return min(timeit.repeat(lambda: model.likelihood.negloglik(beta), number=5, repeat=7)) / 5


def fit_seconds(model: SCR) -> tuple[float, object]:
    """Best-of-3 wall time of a full fit, and the fit."""
    best, fit = np.inf, None
    for _ in range(3):
        start = time.perf_counter()
        fit = model.fit()
        best = min(best, time.perf_counter() - start)
    return best, fit


def survey(rng: np.random.Generator) -> tuple[CaptureHistory, Mask]:
    """A 400-camera survey simulated under the SCR model."""
    g = np.arange(20) * 2500.0
    xx, yy = np.meshgrid(g, g)
    traps = CaptureHistory.empty(
        np.array([f"CAM{i:03d}" for i in range(400)]), xx.ravel(), yy.ravel(), np.ones((400, 13))
    )
    mask = Mask.from_traps(traps, 12_000.0, nx=55)
    return simulate_scr(traps, mask, 3.5e-4, 0.1, 3000.0, rng), mask


def main() -> dict[str, float]:
    """Run the benchmark and return the figures."""
    data, mask = camgrid()
    fast, slow = SCR(data, mask, "HHN"), SCR(data, mask, "HHN", engine="numpy")
    fast.fit()  # compile (or load the cache) before timing
    fast_s, fit = fit_seconds(fast)
    with np.errstate(invalid="ignore"):  # the reference has no underflow guards: inf - inf
        slow_s, _ = fit_seconds(slow)
    eval_fast, eval_slow = eval_seconds(fast, fit.beta), eval_seconds(slow, fit.beta)
    print(
        f"camgrid_proximity HHN fit: numba {fast_s:.3f} s, numpy {slow_s:.3f} s "
        f"({slow_s / fast_s:.1f}x); one likelihood evaluation: numba {eval_fast * 1e3:.2f} ms, "
        f"numpy {eval_slow * 1e3:.2f} ms ({eval_slow / eval_fast:.1f}x)"
    )
    print(fit.summary())
    survey_data, survey_mask = survey(np.random.default_rng(400))
    start = time.perf_counter()
    survey_fit = SCR(survey_data, survey_mask, "HHN").fit()
    survey_s = time.perf_counter() - start
    print(
        f"400-camera survey: n = {survey_data.n_individuals}, {survey_mask.n_points} mask "
        f"points, fit {survey_s:.2f} s"
    )
    print(survey_fit.summary())
    return {
        "camgrid_seconds": round(fast_s, 4),
        "speedup_vs_numpy": round(eval_slow / eval_fast, 2),
        "fit_speedup_vs_numpy": round(slow_s / fast_s, 2),
        "survey_seconds": round(survey_s, 3),
        "survey_n": survey_data.n_individuals,
        "survey_mask_points": survey_mask.n_points,
    }


if __name__ == "__main__":
    print(json.dumps(main()))
