"""The library's surface: the documented example runs, and the command and the library agree."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import twin

pytestmark = pytest.mark.slow
DOCS = Path(__file__).parents[1] / "docs" / "python-api.md"
SHORT = ["years=0.1", "report.enabled=false"]


def test_documented_example_runs(tmp_path, monkeypatch):
    """The example of docs/python-api.md runs as written."""
    code = re.search(r"```python\n(.*?)```", DOCS.read_text(), re.S)
    assert code is not None
    monkeypatch.chdir(tmp_path)
    exec(compile(code.group(1), str(DOCS), "exec"), {})
    assert (tmp_path / "out" / "python-api" / "metadata.json").exists()


@pytest.fixture(scope="module")
def python_run(tmp_path_factory):
    result = twin.simulate(twin.load_scenario(SHORT), seed=3)
    return result, result.write(tmp_path_factory.mktemp("py") / "run")


def test_command_and_library_write_the_same_estimates(python_run, tmp_path):
    """`twin years=0.1 seed=3` and simulate(load_scenario(["years=0.1"]), seed=3).write() write
    the same estimates.csv bytes."""
    done = subprocess.run(
        [sys.executable, "-m", "twin.cli.run", f"hydra.run.dir={tmp_path}", *SHORT, "seed=3"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    _, folder = python_run
    assert (tmp_path / "estimates.csv").read_bytes() == (folder / "estimates.csv").read_bytes()


def test_read_returns_every_table_as_written(python_run):
    """RunResult.read gives back every table equal to the one written."""
    result, folder = python_run
    back = twin.RunResult.read(folder)
    for name in ("population", "individuals", "tracks", "deaths", "estimates", "centres"):
        pd.testing.assert_frame_equal(getattr(back, name), getattr(result, name), obj=name)
    assert back.threats.keys() == result.threats.keys() and result.threats
    for name, table in result.threats.items():
        pd.testing.assert_frame_equal(back.threats[name], table, obj=name)
    for name in ("deployments", "sequences", "media", "operation"):
        got = getattr(back.observations.records, name)
        pd.testing.assert_frame_equal(got, getattr(result.observations.records, name), obj=name)
    assert back.observations.layout.stations.equals(result.observations.layout.stations)
    assert back.scenario == result.scenario
    assert back.metadata == {**result.metadata, "survey": back.metadata["survey"]}
