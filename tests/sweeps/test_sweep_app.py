"""The survey-design app as users run it: joblib and submitit sweeps, kill and resume.

Replicates are tiny (a 150 km2 park, 9 cats, a 12-day run) so that each sweep takes seconds.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from twin.cli.collect import main
from twin.sweeps.collect import RESULTS_CSV, RESULTS_PARQUET, gather, results_table
from twin.sweeps.seeds import replicate_seed, seed_entropy
from twin.sweeps.store import MARKER_FILE

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
TINY = [
    "landscape.park_area_km2=150",
    "landscape.resolution_m=500",
    "species.leopard.initial.adults=6",
    "species.leopard.initial.subadults=0",
    "species.leopard.initial.cubs=0",
    "species.tiger.initial.adults=3",
    "species.tiger.initial.subadults=0",
    "species.tiger.initial.cubs=0",
    "study.install_days=5",
    "estimation.window_days=7",
    "estimation.occasion_days=1",
    "estimation.mask_spacing_m=2000",
    "layout=trail",
    "hydra.callbacks.collect.summary=false",
]


def _command(sweep_dir: Path, *overrides: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "experiments.survey_design",
        "-m",
        f"hydra.sweep.dir={sweep_dir}",
        *TINY,
        *overrides,
    ]


def _sweep(sweep_dir: Path, *overrides: str) -> Path:
    done = subprocess.run(
        _command(sweep_dir, *overrides), cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return sweep_dir


def _table(sweep_dir: Path) -> pd.DataFrame:
    return results_table(gather(sweep_dir), timings=False)


@pytest.fixture(scope="module")
def sweeps(tmp_path_factory):
    """The same 4-run sweep: one worker, one replicate per job; two workers, two per job."""
    base = tmp_path_factory.mktemp("sweeps")
    grid = ["layout.spacing_m=3000,5000", "sweep.replicates=2"]
    return {
        n: _sweep(
            base / f"jobs{n}", *grid, f"hydra.launcher.n_jobs={n}", f"sweep.replicates_per_job={n}"
        )
        for n in (1, 2)
    }


def test_sweep_writes_one_complete_row_per_run(sweeps):
    """Every run is complete, its row has estimates and its seed, and the callback collected
    the sweep."""
    collected = gather(sweeps[2])
    assert len(collected.rows) == 4 and not collected.incomplete
    for row in collected.rows:
        assert row.seed_entropy == seed_entropy(replicate_seed(1, row.parameters))
    table = pd.read_parquet(sweeps[2] / RESULTS_PARQUET)
    assert table["error"].eq("").all()
    assert table["scr_leopard_density_truth"].gt(0).all()
    assert table["seed_entropy"].nunique() == 4
    assert sorted(table["layout.spacing_m"].unique()) == [3000, 5000]


def test_workers_and_batching_do_not_change_the_tables(sweeps):
    """1 worker x 1 replicate per job and 2 workers x 2 per job give byte-identical tables."""
    for folder in sweeps.values():
        assert main([str(folder), "--no-timings"]) == 0
    for name in (RESULTS_PARQUET, RESULTS_CSV):
        assert (sweeps[1] / name).read_bytes() == (sweeps[2] / name).read_bytes(), name


def test_submitit_local_sweep_matches_joblib(sweeps, tmp_path):
    """The submitit launcher (SLURM's code path, run locally) gives the same rows."""
    folder = _sweep(
        tmp_path / "submitit",
        "hydra/launcher=submitit_local",
        "layout.spacing_m=5000",
        "sweep.replicates=2",
        "sweep.replicates_per_job=1",
    )
    got = _table(folder)
    ref = _table(sweeps[1])
    ref = ref[ref["layout.spacing_m"] == 5000].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, ref)


def _markers(folder: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in folder.rglob(MARKER_FILE)}


def test_killed_sweep_resumes_without_redoing_runs(tmp_path):
    """Kill a sweep after its first rows; re-running completes it, keeping finished rows."""
    grid = [
        "layout.spacing_m=4000",
        "sweep.replicates=6",
        "sweep.replicates_per_job=2",
        "hydra.launcher.n_jobs=1",
    ]
    proc = subprocess.Popen(
        _command(tmp_path, *grid),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 300
    while len(_markers(tmp_path)) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, "the sweep ended before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    before = _markers(tmp_path)
    assert 2 <= len(before) < 6
    assert len(gather(tmp_path).rows) == len(before)
    _sweep(tmp_path, *grid)
    after = _markers(tmp_path)
    assert len(after) == 6
    assert all(after[p] == t for p, t in before.items())
    collected = gather(tmp_path)
    assert len(collected.rows) == 6 and not collected.incomplete and not collected.duplicates
