"""`twin -m seed=...` writes a results row per run that twin-collect gathers and summarises, and
the number of workers changes no byte of the collected tables."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

pytestmark = pytest.mark.slow
SEEDS = "seed=1,2,3"
SHORT = ["years=0.03", "report.enabled=false", "progress=false", "hydra/launcher=joblib"]


def multirun(folder: Path, workers: int, *overrides: str) -> Path:
    """Run `twin -m` into ``folder`` with ``workers`` joblib workers, then `twin-collect`."""
    args = [*SHORT, f"hydra.launcher.n_jobs={workers}", f"hydra.sweep.dir={folder}", *overrides]
    run = [sys.executable, "-m", "twin.cli.run", "-m", SEEDS, *args]
    done = subprocess.run(run, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    collect = [sys.executable, "-m", "twin.cli.collect", str(folder), "--summary", "--no-timings"]
    done = subprocess.run(collect, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return folder


def test_one_and_two_workers_collect_the_same_tables(tmp_path):
    """Three seeds with 1 and with 2 joblib workers: identical results and summary tables, one
    scenario of three replicates with relative bias and coverage and their Monte Carlo errors."""
    one, two = multirun(tmp_path / "one", 1), multirun(tmp_path / "two", 2)
    for name in ("results.csv", "summary.csv"):
        assert (one / name).read_bytes() == (two / name).read_bytes(), name
    results = pd.read_csv(one / "results.csv")
    assert sorted(results["seed"]) == [1, 2, 3]
    summary = pd.read_csv(one / "summary.csv")
    assert (summary["n_runs"] == 3).all()
    for column in ("relative_bias", "relative_bias_mcse", "coverage", "coverage_mcse"):
        assert column in summary
    assert "progress" not in summary and "report.enabled" not in summary
