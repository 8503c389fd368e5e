"""Benchmark: passages found with the camera grid index vs testing every camera for every segment.

The default scenario's animals (165: leopards and tigers with cubs) move for a year in 15-minute
ticks on the default landscape, watched by the default layout (``conf/layout/trail.yaml``: paired
cameras on trails and roads; ``--layout hex_paired`` for the regular 400-camera array) with 12 m,
40 degree detection zones. Each day's segments go
to :func:`twin.cameras.geometry.find_passages` in one call (movement is not timed). The brute-force
baseline :func:`find_passages_bruteforce` runs on the first ``--brute-days`` days, its time scaled
to a year, and must find the same passages. Also timed: one call per tick (165 segments) for a day.
Ends with one JSON line holding ``index_speedup``.

Usage: ``python -m experiments.benchmarks.index_speed [--days 365] [--brute-days 14] [--seed 1]
[--layout trail]``
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

import twin
from twin import AnimalModel
from twin.cameras.geometry import find_passages, find_passages_bruteforce
from twin.cameras.layouts_make import make_layout
from twin.landscape.build import build_landscape

RADIUS_M = 12.0  # conf/cameras/default.yaml trigger.detection_distance_m
HALF_ANGLE_RAD = np.deg2rad(20.0)  # a 40 degree zone (PARAMETERS.md: 10-40 deg)


def day_segments(model: AnimalModel, day: int, per_day: int, tick_min: float) -> tuple:
    """One day of movement as segment arrays: ids, species, x0, y0, x1, y1, t0, t1."""
    rows, xs, ys = model.move(per_day)
    n_ticks, n = xs.shape[0] - 1, xs.shape[1]
    t0 = (day * per_day + np.repeat(np.arange(n_ticks), n)) * tick_min
    species = model.state.species[rows]
    return (np.tile(rows, n_ticks), np.tile(species, n_ticks), xs[:-1].ravel(),
            ys[:-1].ravel(), xs[1:].ravel(), ys[1:].ravel(), t0, t0 + tick_min)  # fmt: skip


def timed(finder, index, segments) -> tuple[float, int]:
    """Seconds taken and passages found by one call."""
    started = time.perf_counter()
    found = finder(index, *segments)
    return time.perf_counter() - started, len(found)


def per_tick_call_us(index, segments, n_ticks: int) -> float:
    """Mean microseconds of a find_passages call given one tick's segments."""
    chunks = [np.array_split(a, n_ticks) for a in segments]
    started = time.perf_counter()
    for tick in range(n_ticks):
        find_passages(index, *(c[tick] for c in chunks))
    return (time.perf_counter() - started) / n_ticks * 1e6


def run(model: AnimalModel, index, days: int, brute_days: int) -> dict[str, float]:
    """Time both finders day by day; the brute force only on the first ``brute_days`` days."""
    per_day = int(1440 / model.tick_min)
    warm = day_segments(model, 0, 1, model.tick_min)
    find_passages(index, *warm), find_passages_bruteforce(index, *warm)  # compile / load cache
    out = {"index_s": 0.0, "brute_s": 0.0, "passages": 0, "segments": 0, "tick_us": 0.0}
    for day in range(days):
        segments = day_segments(model, day, per_day, model.tick_min)
        seconds, found = timed(find_passages, index, segments)
        out["index_s"] += seconds
        out["passages"] += found
        out["segments"] += segments[0].size
        if day < brute_days:
            seconds, found_brute = timed(find_passages_bruteforce, index, segments)
            out["brute_s"] += seconds
            if found_brute != found:
                raise SystemExit(f"day {day}: index found {found}, brute force {found_brute}")
        if day == 0:
            out["tick_us"] = per_tick_call_us(index, segments, per_day)
            out["animals"] = segments[0].size // per_day
    return out


def main() -> None:
    """Build the default park, layout and animals; time both finders; print the JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--brute-days", type=int, default=14)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--layout", default="trail", help="a conf/layout name (default: trail)")
    args = parser.parse_args()
    scenario = twin.load_scenario([f"seed={args.seed}", f"layout={args.layout}"])
    landscape = build_landscape(scenario.landscape)
    model = AnimalModel(landscape, scenario.species, seed=args.seed, tick_min=scenario.run.tick_min)
    layout = make_layout(landscape, scenario.layout, np.random.default_rng(args.seed))
    index = layout.camera_index(RADIUS_M, HALF_ANGLE_RAD)
    r = run(model, index, args.days, args.brute_days)
    brute_days = min(args.brute_days, args.days)
    index_year_s = r["index_s"] * 365 / args.days
    brute_year_s = r["brute_s"] * 365 / brute_days
    print(
        f"{layout.n_cameras} cameras at {layout.n_stations} stations (spacing "
        f"{layout.spacing_m:.0f} m); {r['animals']} animals; {r['segments']:,} segments over "
        f"{args.days} days; {r['passages']:,} passages"
    )
    print(
        f"index      : {r['index_s']:.3f} s for {args.days} days -> {index_year_s:.3f} s per "
        f"year (grid cell {index.cell_m:.0f} m)"
    )
    print(
        f"brute force: {r['brute_s']:.3f} s for {brute_days} days -> {brute_year_s:.3f} s per year"
    )
    print(f"one call per tick: {r['tick_us']:.1f} us per call ({r['animals']} segments)")
    print(
        json.dumps(
            {
                "index_speedup": round(brute_year_s / index_year_s, 1),
                "index_seconds_per_year": round(index_year_s, 3),
                "bruteforce_seconds_per_year": round(brute_year_s, 3),
                "per_tick_call_us": round(r["tick_us"], 1),
                "passages_per_year": round(r["passages"] * 365 / args.days),
                "segments_per_year": round(r["segments"] * 365 / args.days),
                "cameras": layout.n_cameras,
                "layout": args.layout,
            }
        )
    )


if __name__ == "__main__":
    main()
