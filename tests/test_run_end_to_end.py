"""End-to-end seeded runs: the ``twin`` command writes every output; same seed, same bytes."""

from __future__ import annotations

import filecmp
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from twin.io import validate_package

pytestmark = pytest.mark.slow
SHORT = [
    "years=0.1",
    "output.track_every_ticks=8",
    "species.leopard.initial.adults=40",
    "species.tiger.initial.adults=15",
]
TABLES = [
    "population.csv",
    "individuals.csv",
    "tracks.parquet",
    "camera_operation.csv",
    "camera_outages.csv",
    "stations.csv",
    "camera_sequences_truth.parquet",
    "camtrap-dp/observations.csv",
    "camtrap-dp/media.csv",
    "camtrap-dp/deployments.csv",
    "camtrap-dp/datapackage.json",
    "secr/leopard_captures.csv",
    "secr/leopard_traps.csv",
    "report.html",
    "metadata.json",
]


def _twin(folder: Path, *overrides: str) -> Path:
    done = subprocess.run(
        [sys.executable, "-m", "twin.cli.run", f"hydra.run.dir={folder}", *SHORT, *overrides],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return folder


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("runs")
    return {
        name: _twin(base / name, f"seed={seed}") for name, seed in (("a", 3), ("b", 3), ("c", 4))
    }


def test_default_command_writes_every_output(runs):
    """A run writes the truth tables, the survey files, the report and the metadata last, and
    logs one line per phase to run.log."""
    for name in TABLES:
        assert (runs["a"] / name).exists(), name
    meta = json.loads((runs["a"] / "metadata.json").read_text())
    assert meta["complete"] and meta["seed"] == 3
    page = (runs["a"] / "report.html").read_text()
    assert "Plotly.newPlot" in page and len(page) > 3_000_000
    assert "<script src=" not in page
    log = (runs["a"] / "run.log").read_text()
    for phase in ("simulating", "simulated", "estimated", "wrote the survey", "complete"):
        assert phase in log, phase


def test_camtrap_package_validates(runs):
    """The run's Camtrap DP package validates against the 1.0.2 schemas."""
    assert validate_package(runs["a"] / "camtrap-dp") == []


def test_same_seed_same_bytes(runs):
    """Two runs with one seed write byte-identical files (timings apart)."""
    for name in TABLES:
        assert filecmp.cmp(runs["a"] / name, runs["b"] / name, shallow=False), name


def test_different_seed_differs(runs):
    """Another seed gives other animals."""
    a = pd.read_csv(runs["a"] / "individuals.csv")
    c = pd.read_csv(runs["c"] / "individuals.csv")
    assert (
        not a[["centre_x_m", "centre_y_m"]]
        .head(20)
        .equals(c[["centre_x_m", "centre_y_m"]].head(20))
    )
