"""Peak memory of a run by simulated years: does it stay flat, or grow with the years?

Each run is a fresh child process, so its maximum resident set size (from ``wait4``) is its own:
by default the ``twin`` command of the default scenario with ``years=Y``, every output written
(tables, tracks, the survey's files, the report) into a temporary folder; with ``--lean``, a
lean replicate (``twin.simulate(..., tracks=False)``, nothing written).

    .venv/bin/python experiments/benchmarks/memory.py [--years 1 3 10] [--lean] [key=value ...]

Overrides (e.g. ``survey.days=91``) go to every run. Ends with one JSON line:
``rss_gb_by_years``, ``wall_seconds_by_years``, ``outputs``, ``overrides`` and the load averages
before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

LEAN = """
import sys, twin
scenario = twin.load_scenario([*sys.argv[1:], "report.enabled=false", "progress=false"])
twin.simulate(scenario, tracks=False)
"""


def peak_rss_gb(years: float, lean: bool, overrides: list[str]) -> tuple[float, float]:
    """Maximum resident set size (GB) and wall seconds of one run of ``years`` simulated years."""
    with tempfile.TemporaryDirectory() as folder, tempfile.TemporaryFile() as errors:
        if lean:
            command = [sys.executable, "-c", LEAN, f"years={years:g}", *overrides]
        else:
            run = [f"hydra.run.dir={folder}", f"years={years:g}", "progress=false", *overrides]
            command = [sys.executable, "-m", "twin.cli.run", *run]
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)  # the child's own rusage
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        if child.returncode != 0:
            errors.seek(0)
            raise RuntimeError(f"{command} failed:\n{errors.read().decode()}")
    return usage.ru_maxrss * 1024 / 1e9, seconds  # ru_maxrss is in KiB on Linux


def main() -> dict[str, object]:
    """Run the benchmark, print a table and return the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--years", type=float, nargs="+", default=[1.0, 3.0, 10.0])
    ap.add_argument("--lean", action="store_true", help="lean replicates: no tracks, no files")
    ap.add_argument("overrides", nargs="*", help="key=value overrides for every run")
    args = ap.parse_args()
    load_before = os.getloadavg()
    rss, wall = {}, {}
    for years in args.years:
        gb, seconds = peak_rss_gb(years, args.lean, args.overrides)
        rss[f"{years:g}"], wall[f"{years:g}"] = round(gb, 3), round(seconds, 1)
        print(f"{years:g} years: max RSS {gb:.2f} GB ({seconds:.0f} s wall)", flush=True)
    return {
        "rss_gb_by_years": rss,
        "wall_seconds_by_years": wall,
        "outputs": "lean replicate" if args.lean else "twin command, every output",
        "overrides": args.overrides,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }


if __name__ == "__main__":
    print(json.dumps(main()))
