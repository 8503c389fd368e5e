"""Peak memory of a run by simulated years: does it stay flat, or grow with the years?

Each run is a fresh process (``twin.simulate`` of the default scenario with ``years=Y``, every
table kept in memory as the ``twin`` command keeps them, report off), so its maximum resident
set size is its own.

    .venv/bin/python experiments/benchmarks/memory.py [--years 1 3 10] [--no-tracks]

Ends with one JSON line: ``rss_gb_by_years`` and ``load_average``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

CHILD = """
import resource, sys, twin
years, tracks = float(sys.argv[1]), sys.argv[2] == "1"
scenario = twin.load_scenario([f"years={years}", "report.enabled=false", "progress=false"])
twin.simulate(scenario, tracks=tracks)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_rss_gb(years: float, tracks: bool) -> float:
    """Maximum resident set size (GB) of one run of ``years`` simulated years."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(years), "1" if tracks else "0"],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(done.stdout.strip().splitlines()[-1]) * 1024 / 1e9  # ru_maxrss is in KiB


def main() -> dict[str, object]:
    """Run the benchmark, print a table and return the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--years", type=float, nargs="+", default=[1.0, 3.0, 10.0])
    ap.add_argument("--no-tracks", action="store_true", help="lean runs: no tracks recorded")
    args = ap.parse_args()
    rss = {}
    for years in args.years:
        rss[f"{years:g}"] = round(peak_rss_gb(years, not args.no_tracks), 3)
        print(f"{years:g} years: max RSS {rss[f'{years:g}']:.2f} GB", flush=True)
    return {
        "rss_gb_by_years": rss,
        "tracks": not args.no_tracks,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


if __name__ == "__main__":
    print(json.dumps(main()))
