"""Run folders that never lie: one writer at a time, no stale files, never a false completion."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

import twin
from twin.io import run_folder

pytestmark = pytest.mark.slow
SHORT = ["years=0.02", "report.enabled=false", "progress=false"]
HOLD = """
import sys, time
from pathlib import Path
from twin.io.folder_lock import folder_lock
with folder_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(60)
"""


@pytest.fixture(scope="module")
def result() -> twin.RunResult:
    return twin.simulate(twin.load_scenario(SHORT), seed=2)


def _hold(folder: Path) -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(folder)], stdout=subprocess.PIPE)
    assert holder.stdout is not None and holder.stdout.readline().strip() == b"held"
    return holder


def test_a_second_run_into_a_folder_in_use_is_refused(tmp_path, result):
    """While one run holds a folder, the twin command and RunResult.write into it are refused,
    exit 2 and a message naming the folder; once it ends, the folder is free again."""
    holder = _hold(tmp_path)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "twin.cli.run", f"hydra.run.dir={tmp_path}", *SHORT],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 2 and "in use by another run" in done.stderr
        assert "Traceback" not in done.stderr
        with pytest.raises(twin.TwinInputError, match="in use by another run"):
            result.write(tmp_path)
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)
    assert json.loads((result.write(tmp_path) / "metadata.json").read_text())["complete"]


def test_a_rewrite_that_dies_midway_never_looks_complete(tmp_path, result, monkeypatch):
    """A write that fails after it began leaves no completion mark, not even the old run's."""
    result.write(tmp_path)

    def die(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(run_folder, "_write_survey", die)
    with pytest.raises(KeyboardInterrupt):
        result.write(tmp_path)
    assert not (tmp_path / "metadata.json").exists()
    with pytest.raises(twin.TwinInputError, match="not a complete run folder"):
        twin.RunResult.read(tmp_path)


def test_a_rerun_leaves_no_outputs_of_the_older_run(tmp_path):
    """A finished re-run over an older run with other outputs keeps none of the old files."""
    older = twin.simulate(twin.load_scenario([*SHORT, "output.shared_package=true"]), seed=1)
    older.write(tmp_path)
    assert (tmp_path / "camtrap-dp-shared").is_dir()
    newer = twin.simulate(twin.load_scenario([*SHORT, "survey.enabled=false"]), seed=1)
    newer.write(tmp_path)
    for stale in ("camtrap-dp-shared", "camtrap-dp", "secr", "estimates.csv", "stations.csv"):
        assert not (tmp_path / stale).exists(), stale
    assert twin.RunResult.read(tmp_path).observations is None


def test_a_killed_command_rerun_never_looks_complete(tmp_path):
    """A twin command killed while it simulates leaves neither its own nor the older run's
    completion mark beside its .hydra/ config."""
    twin.simulate(twin.load_scenario(SHORT), seed=1).write(tmp_path)
    rerun = subprocess.Popen(
        [sys.executable, "-m", "twin.cli.run", f"hydra.run.dir={tmp_path}", "years=1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while (tmp_path / "metadata.json").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    rerun.kill()
    rerun.wait()
    assert not (tmp_path / "metadata.json").exists()


@pytest.mark.parametrize("under", ["", "sub"])
def test_a_run_folder_that_is_a_file_or_under_one_is_refused(tmp_path, under):
    """hydra.run.dir naming a file, or a folder under a file, exits 2 with one message."""
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    folder = blocker / under if under else blocker
    done = subprocess.run(
        [sys.executable, "-m", "twin.cli.run", f"hydra.run.dir={folder}", *SHORT],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 2 and "is a file" in done.stderr
    assert "Traceback" not in done.stderr
