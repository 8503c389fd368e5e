"""Benchmark: what the camera array costs a run, and what the spatial index saves.

``camera_overhead``: the default one-year run with its 400 cameras (layout, passages, SimPy camera
model, records) over the same run without cameras; simulation time only (best of ``--repeats``),
estimates and report off. ``index_speedup``: the zone test with the grid index over testing every
camera for every segment, at 400 cameras (as ``index_speed.py``, on ``--index-days`` days).

Usage: ``python experiments/benchmarks/cameras.py [--repeats 2] [--index-days 60] [--seed 1]``
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script or with -m

import twin  # noqa: E402
from experiments.benchmarks import index_speed  # noqa: E402
from twin import AnimalModel  # noqa: E402
from twin.cameras.layouts_make import make_layout  # noqa: E402
from twin.landscape.build import build_landscape  # noqa: E402

QUIET = ["report.enabled=false", "estimation.enabled=false", "progress=false"]


def simulation_seconds(overrides: list[str], repeats: int) -> tuple[float, int]:
    """Best simulation time of a run with these overrides, and its passage count."""
    best, passages = np.inf, 0
    for _ in range(repeats):
        result = twin.simulate(twin.load_scenario(QUIET + overrides))
        best = min(best, result.timings["simulation_seconds"])
        passages = result.metadata["survey"].get("passages", 0)
    return best, passages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--index-days", type=int, default=60)
    parser.add_argument("--brute-days", type=int, default=7)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    seed = [f"seed={args.seed}"]
    twin.simulate(twin.load_scenario(QUIET + seed + ["years=0.01"]))  # compile / load the cache
    with_s, passages = simulation_seconds(seed, args.repeats)
    without_s, _ = simulation_seconds(seed + ["survey.enabled=false"], args.repeats)
    scenario = twin.load_scenario(seed)
    landscape = build_landscape(scenario.landscape)
    model = AnimalModel(landscape, scenario.species, seed=args.seed, tick_min=scenario.run.tick_min)
    layout = make_layout(landscape, scenario.layout, np.random.default_rng(args.seed))
    index = layout.camera_index(
        scenario.cameras.trigger.detection_distance_m,
        np.radians(scenario.survey.zone_angle_deg) / 2,
    )
    r = index_speed.run(model, index, args.index_days, args.brute_days)
    index_s = r["index_s"] / args.index_days
    brute_s = r["brute_s"] / min(args.brute_days, args.index_days)
    print(
        f"one year, {layout.n_cameras} cameras: {with_s:.2f} s with cameras "
        f"({passages} passages), "
        f"{without_s:.2f} s without"
    )
    print(
        f"zone test per simulated day: index {index_s * 1000:.2f} ms, every camera "
        f"{brute_s * 1000:.2f} ms"
    )
    print(
        json.dumps(
            {
                "camera_overhead": round(with_s / without_s, 3),
                "index_speedup": round(brute_s / index_s, 1),
                "seconds_with_cameras": round(with_s, 3),
                "seconds_without_cameras": round(without_s, 3),
                "cameras": int(layout.n_cameras),
                "passages_per_year": int(passages),
            }
        )
    )


if __name__ == "__main__":
    main()
