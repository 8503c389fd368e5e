"""Bad input to the twin, its layouts and the sweep apps: one paragraph naming the key or file,
exit status 2 (commands) or TwinInputError (library), no traceback (issue 23, item 4).

twin-estimate's cases are in tests/estimators/test_estimate_cli.py and test_estimate_package.py.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import twin
from tests.landscapes import flat_landscape
from twin.cameras.layouts_config import read_layout_config
from twin.cameras.layouts_make import make_layout
from twin.errors import TwinInputError

REPO = Path(__file__).parents[1]
SHORT = ["years=0.02", "report.enabled=false", "progress=false"]
FULL_DISK = """
import errno, os, sys
import twin.io.run_folder
from twin.cli.run import main

def full(path, write):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

twin.io.run_folder.atomic_write = full
sys.argv = ["twin", *sys.argv[1:]]
main()
"""


def _command(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=600, cwd=REPO
    )


def _refused(done: subprocess.CompletedProcess, *words: str) -> None:
    """Exit 2, one paragraph on stderr holding ``words``, no traceback."""
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert all(word in done.stderr for word in words), done.stderr


@pytest.mark.parametrize("pattern", ["square", "random"])
def test_a_spacing_that_leaves_one_station_is_refused(pattern):
    """layout.spacing_m that leaves a single station raises naming the key and the count."""
    config = read_layout_config({"pattern": pattern, "count": None, "spacing_m": 1e7})
    with pytest.raises(TwinInputError, match=r"layout\.spacing_m=10000000\.0.*leaves 1 "):
        make_layout(flat_landscape(), config, np.random.default_rng(1))


@pytest.mark.slow
def test_twin_refuses_a_station_file_with_a_non_numeric_coordinate(tmp_path):
    """`twin layout=file` with an x_m of text exits 2 naming the file, the column and the value."""
    stations = tmp_path / "stations.csv"
    pd.DataFrame(
        {"station_id": ["a", "b"], "x_m": ["650000", "65o000"], "y_m": [4.8e6] * 2}
    ).to_csv(stations, index=False)
    done = _command(
        "-m",
        "twin.cli.run",
        "layout=file",
        f"layout.path={stations}",
        f"hydra.run.dir={tmp_path}/run",
        *SHORT,
    )
    _refused(done, str(stations), "x_m='65o000'", "row 3")


@pytest.mark.slow
def test_twin_refuses_a_spacing_that_leaves_one_station(tmp_path):
    """`twin layout.spacing_m=1e7` (no count) exits 2 naming the key and the single station."""
    done = _command(
        "-m",
        "twin.cli.run",
        "layout=square",
        "layout.count=null",
        "layout.spacing_m=1e7",
        f"hydra.run.dir={tmp_path}",
        *SHORT,
    )
    _refused(done, "layout.spacing_m=10000000.0", "leaves 1 ", "at least 2 stations")


@pytest.mark.slow
def test_a_window_longer_than_the_survey_is_cut_with_a_warning(caplog):
    """A 91-day window on a shorter run is cut to the survey, logged, and shown in estimates."""
    with caplog.at_level(logging.WARNING, logger="twin.assessment.survey_estimates"):
        result = twin.simulate(twin.load_scenario(["years=0.05", "report.enabled=false"]), seed=3)
    assert result.estimates is not None
    days = result.estimates["window_end_day"] - result.estimates["window_start_day"]
    assert (days < 91).all() and (result.estimates["window_end_day"] <= 18).all()
    assert "estimation.window_days=91 is longer than the survey" in caplog.text


@pytest.mark.slow
def test_a_full_disk_exits_2_naming_the_folder(tmp_path):
    """A write that fails with ENOSPC exits 2: the run folder, the file and the OS's reason."""
    done = _command(
        "-c", FULL_DISK, f"hydra.run.dir={tmp_path}", *SHORT, "estimation.enabled=false"
    )
    _refused(done, f"cannot write the run folder {tmp_path}", "No space left on device")
    assert not (tmp_path / "metadata.json").exists()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("app", "override", "words"),
    [
        ("experiments.penalty_policy", "study.penalty_scale=-1", "study.penalty_scale=-1.0"),
        ("experiments.survey_design", "sweep.replicates_per_job=0", "sweep.replicates_per_job=0"),
    ],
)
def test_a_sweep_apps_own_refusal_exits_2_without_a_traceback(tmp_path, app, override, words):
    """A sweep app's TwinInputError prints one paragraph under the app's name and exits 2."""
    done = _command("-m", app, override, f"hydra.run.dir={tmp_path}")
    _refused(done, f"{app.split('.')[1]}: error: {words}")
    assert done.stderr.count("\n") == 1
