"""The ``twin`` command: bad input exits non-zero with one short message, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

TWIN = [sys.executable, "-m", "twin.cli.run"]


def _twin(tmp_path: Path, *overrides: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*TWIN, f"hydra.run.dir={tmp_path}", *overrides],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize(
    ("overrides", "key"),
    [
        (["species.leopard.initial.adults=-5"], "species.leopard.initial.adults"),
        (["species.tiger.initial.cubs=-1"], "species.tiger.initial.cubs"),
        (["years=-1"], "years"),
        (["+species.lion.initial.adults=3"], "species.lion"),
        (["species.lion.initial.adults=3"], "species.lion"),
        (["landscape.resolution_m=100000"], "landscape.resolution_m"),
        (["landscape=files", "landscape.files=/nonexistent/park.npz"], "/nonexistent/park.npz"),
        (["years=abc"], "years"),
    ],
)
def test_bad_config_exits_nonzero_naming_the_key(tmp_path, overrides, key):
    """Each bad value gives a non-zero exit and a message naming the key, without a traceback."""
    done = _twin(tmp_path, *overrides)
    assert done.returncode != 0
    assert key in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "metadata.json").exists()


def test_multirun_writes_one_complete_folder_per_seed(tmp_path):
    """``twin -m seed=1,2`` runs both seeds, each into its own complete folder."""
    done = subprocess.run(
        [
            *TWIN,
            "-m",
            "seed=1,2",
            "years=0.02",
            "report.enabled=false",
            "estimation.enabled=false",
            f"hydra.sweep.dir={tmp_path}",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    for job in ("0", "1"):
        assert (tmp_path / job / "metadata.json").exists()
    assert (tmp_path / "0" / "individuals.csv").read_text() != (
        tmp_path / "1" / "individuals.csv"
    ).read_text()
