"""What validating the default run's Camtrap DP package costs: the fast check vs frictionless.

One run of this script: the default ``twin`` command (every output; its wall time, the run's
package written with the fast check), then, on that run's survey records read back, interleaved
rounds of ``write_camtrap_dp`` with the fast check and with ``full_validation=True``
(frictionless), and of the two validations alone on the written package. Reported: medians of
the rounds, their ratios, what importing frictionless costs (a write no longer pays it), and the
share of the default run's wall time the check now takes.

    .venv/bin/python experiments/benchmarks/validation.py [--rounds 5]

Ends with one JSON line: ``write_seconds_fast_check``, ``write_seconds_frictionless``,
``write_ratio``, ``check_seconds``, ``frictionless_seconds``, ``check_speedup``,
``frictionless_import_seconds``, ``full_run_wall_seconds``, ``check_share_of_run``,
``load_average_at_start`` and ``load_average`` (at the end).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import twin
from twin.cameras.records import SurveyRecords
from twin.io import validate_package, write_camtrap_dp


def seconds(action: Callable[[], object]) -> float:
    """Wall seconds of one call."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def full_run(folder: Path) -> float:
    """Wall seconds of the default ``twin`` command writing every output into ``folder``."""
    command = [sys.executable, "-m", "twin.cli.run", f"hydra.run.dir={folder}", "progress=false"]
    return seconds(lambda: subprocess.run(command, check=True, capture_output=True))


def import_seconds(module: str) -> float:
    """Wall seconds of importing ``module`` in a fresh interpreter, less the interpreter's own."""
    bare = seconds(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True))
    code = f"import {module}"
    return seconds(lambda: subprocess.run([sys.executable, "-c", code], check=True)) - bare


def timed_rounds(records: SurveyRecords, folder: Path, rounds: int) -> dict[str, float]:
    """Median wall seconds of each way to write, and to validate, over interleaved rounds."""
    fast_dir, full_dir = folder / "fast", folder / "full"
    actions: dict[str, Callable[[], object]] = {
        "write_fast": lambda: write_camtrap_dp(records, fast_dir, overwrite=True),
        "write_full": lambda: write_camtrap_dp(
            records, full_dir, overwrite=True, full_validation=True
        ),
        "fast": lambda: validate_package(fast_dir, full=False),
        "full": lambda: validate_package(fast_dir),
    }
    times: dict[str, list[float]] = {key: [] for key in actions}
    for _ in range(rounds):
        for key, action in actions.items():
            times[key].append(seconds(action))
    return {key: statistics.median(values) for key, values in times.items()}


def main() -> dict[str, object]:
    """Run the benchmark, print a table and return the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    load_at_start = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        run = Path(tmp) / "run"
        run_wall = full_run(run)
        observations = twin.RunResult.read(run).observations
        assert observations is not None
        validate_package(run / "camtrap-dp")  # imports frictionless before the rounds
        median = timed_rounds(observations.records, Path(tmp), args.rounds)
    imported = import_seconds("frictionless")
    share = median["fast"] / run_wall
    write_ratio, speedup = (
        median["write_full"] / median["write_fast"],
        median["full"] / median["fast"],
    )
    print(f"default run (every output): {run_wall:.1f} s wall")
    print(
        f"write the package, fast check:   {median['write_fast']:.2f} s (median of {args.rounds})"
    )
    print(f"write the package, frictionless: {median['write_full']:.2f} s ({write_ratio:.1f}x)")
    print(f"validate alone: fast {median['fast']:.3f} s, frictionless {median['full']:.2f} s")
    print(f"  ({speedup:.1f}x); importing frictionless {imported:.2f} s")
    print(f"the check's share of the default run: {100 * share:.1f}%")
    return {
        "write_seconds_fast_check": round(median["write_fast"], 3),
        "write_seconds_frictionless": round(median["write_full"], 3),
        "write_ratio": round(write_ratio, 2),
        "check_seconds": round(median["fast"], 3),
        "frictionless_seconds": round(median["full"], 3),
        "check_speedup": round(speedup, 1),
        "frictionless_import_seconds": round(imported, 2),
        "full_run_wall_seconds": round(run_wall, 2),
        "check_share_of_run": round(share, 4),
        "load_average_at_start": [round(x, 2) for x in load_at_start],
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


if __name__ == "__main__":
    print(json.dumps(main()))
