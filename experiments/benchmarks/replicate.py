"""What one survey replicate costs: CPU seconds of a lean replicate and of its parts.

A lean replicate is what a design or sweep study runs thousands of times: the default scenario
(one year, the park's trail layout, the 91-day survey window) through ``twin.simulate(...,
tracks=False)`` with its estimates (SCR, M0/Mh, REM, occupancy), writing nothing. Reported:
the median CPU seconds over ``--replicates`` seeds after a warm-up run (whose extra wall time
is the numba compile or cache load), the median wall seconds of each stage from the run's own
timings, and, in the same run, the wall time of the full ``twin`` command (every output,
report included).

    .venv/bin/python experiments/benchmarks/replicate.py [--replicates 5]

Ends with one JSON line: ``replicate_cpu_seconds``, ``parts_wall_seconds``,
``first_run_extra_seconds``, ``full_run_wall_seconds``, ``load_average``.
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

import twin

PARTS = (
    "movement_seconds",
    "cameras_seconds",
    "threats_segments_seconds",
    "demography_seconds",
    "simulation_seconds",
    "estimation_seconds",
)


def replicate(scenario: twin.Scenario, seed: int) -> tuple[float, float, dict[str, float]]:
    """CPU and wall seconds of one lean replicate, and its stage timings."""
    cpu, wall = time.process_time(), time.perf_counter()
    result = twin.simulate(scenario, seed=seed, tracks=False, progress=False)
    return time.process_time() - cpu, time.perf_counter() - wall, result.timings


def full_run_seconds() -> float:
    """Wall seconds of the default ``twin`` command, every output written."""
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "twin.cli.run", f"hydra.run.dir={folder}", "progress=false"],
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - started


def main() -> dict[str, object]:
    """Run the benchmark, print a table and return the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--replicates", type=int, default=5)
    args = ap.parse_args()
    scenario = twin.load_scenario(["report.enabled=false"])
    _, first_wall, _ = replicate(scenario, seed=1000)
    runs = [replicate(scenario, seed) for seed in range(1, args.replicates + 1)]
    cpu = statistics.median(r[0] for r in runs)
    wall = statistics.median(r[1] for r in runs)
    parts = {k: round(statistics.median(r[2].get(k, 0.0) for r in runs), 3) for k in PARTS}
    full = full_run_seconds()
    print(f"lean replicate (median of {args.replicates}): {cpu:.2f} s CPU, {wall:.2f} s wall")
    for key, seconds in parts.items():
        print(f"  {key:<28} {seconds:7.3f} s wall")
    print(f"first run: {first_wall:.1f} s wall ({first_wall - wall:+.1f} s: compile or cache load)")
    print(f"full default run (every output, report): {full:.1f} s wall")
    return {
        "replicate_cpu_seconds": round(cpu, 3),
        "replicate_wall_seconds": round(wall, 3),
        "parts_wall_seconds": parts,
        "first_run_extra_seconds": round(first_wall - wall, 2),
        "full_run_wall_seconds": round(full, 2),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


if __name__ == "__main__":
    print(json.dumps(main()))
