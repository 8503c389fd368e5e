"""A killed `twin -m` sweep leaves no process behind: SIGTERM or SIGKILL to the `twin` process, or
SIGKILL to its process group, and within seconds none of its joblib (loky) workers and resource
trackers runs on (twin.cli.run: SIGTERM ends the command through joblib's clean-up; a worker
follows the `twin` process and exits when it is gone)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="POSIX signals")]
SWEEP = [
    "seed=1,2,3,4",
    "years=0.05",
    "report.enabled=false",
    "progress=false",
    "hydra/launcher=joblib",
    "hydra.launcher.n_jobs=2",
]
GONE_WITHIN_S = 10.0


def session(leader: int) -> list[psutil.Process]:
    """The live processes of the session ``leader`` started (the sweep's, wherever reparented)."""
    found = []
    for process in psutil.process_iter():
        try:
            if process.pid != leader and os.getsid(process.pid) == leader:
                if process.status() != psutil.STATUS_ZOMBIE:
                    found.append(process)
        except (ProcessLookupError, PermissionError, psutil.Error):
            continue
    return found


STUDY = [
    "-m",
    "experiments.survey_design",
    "-m",
    "layout.spacing_m=3000,4000",
    "sweep.replicates=2",
    "hydra.launcher.n_jobs=2",
    "hydra.callbacks.collect.summary=false",
]
ROOT = Path(__file__).resolve().parents[1]


def start_sweep(
    folder: Path, command: list[str] | None = None
) -> tuple[subprocess.Popen[bytes], list[psutil.Process]]:
    """Start the sweep (default: `twin -m`) in a session of its own; return once two workers
    run their jobs."""
    log = (folder.parent / f"{folder.name}.log").open("wb")
    args = command or ["-m", "twin.cli.run", "-m", *SWEEP]
    run = [sys.executable, *args, f"hydra.sweep.dir={folder}"]
    sweep = subprocess.Popen(
        run, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        assert sweep.poll() is None, (folder.parent / f"{folder.name}.log").read_text()
        started = list(folder.glob("*/.hydra"))
        workers = [p for p in session(sweep.pid) if "LokyProcess" in " ".join(p.cmdline())]
        if len(workers) == 2 and sum(path.is_dir() for path in started) >= 2:
            time.sleep(1.0)  # the workers are in their jobs (Hydra made the job folders)
            return sweep, session(sweep.pid)
        time.sleep(0.2)
    sweep.kill()
    raise AssertionError("the sweep's workers did not start within 300 s")


def assert_all_gone(sweep: subprocess.Popen[bytes], processes: list[psutil.Process]) -> float:
    """Seconds until the sweep's process and every process of its session are gone."""
    start = time.monotonic()
    sweep.wait(timeout=GONE_WITHIN_S)
    while time.monotonic() - start < GONE_WITHIN_S:
        left = [p for p in processes if _alive(p)] + session(sweep.pid)
        if not left:
            return time.monotonic() - start
        time.sleep(0.2)
    for process in left:  # leave nothing behind for the next test, then fail
        process.kill()
    raise AssertionError(f"still running after {GONE_WITHIN_S} s: {[p.cmdline() for p in left]}")


def _alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_killing_the_twin_process_leaves_no_worker(tmp_path, signum):
    sweep, processes = start_sweep(tmp_path / "sweep")
    workers = [p for p in processes if "LokyProcess" in " ".join(p.cmdline())]
    assert len(workers) == 2
    os.kill(sweep.pid, signum)
    assert_all_gone(sweep, processes)
    if signum == signal.SIGTERM:
        assert sweep.returncode == 128 + signal.SIGTERM
    else:
        assert sweep.returncode == -signal.SIGKILL


def test_killing_the_process_group_leaves_nothing(tmp_path):
    """What docs/sweeps.md tells a user to do: `kill -- -PGID` (here SIGKILL to the group)."""
    sweep, processes = start_sweep(tmp_path / "sweep")
    assert {os.getpgid(p.pid) for p in processes} == {sweep.pid}  # all in the sweep's group
    os.killpg(sweep.pid, signal.SIGKILL)
    assert_all_gone(sweep, processes)


def test_killing_a_study_app_leaves_no_worker(tmp_path):
    """A study app's sweep (survey_design, joblib) killed with SIGKILL leaves no worker."""
    sweep, processes = start_sweep(tmp_path / "study", STUDY)
    os.kill(sweep.pid, signal.SIGKILL)
    assert_all_gone(sweep, processes)
