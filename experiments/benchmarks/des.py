"""Benchmark: what the camera model adds to a run's clock loop.

Synthetic passages (default 50,000 over a year to 400 cameras, from :mod:`twin.cameras.synthetic`)
are handed over tick by tick on a SimPy clock, as the movement process hands them. Measured in
one run, as CPU time (steadier than wall time on a shared machine), best of ``--repeats``: the
bare clock loop (the baseline), the same loop feeding a :class:`~twin.cameras.des.CameraArray`,
and :meth:`~twin.cameras.des.CameraArray.records`. Ends with one JSON line holding
``cameras_over_bare_loop`` (loop with cameras plus ``records()`` over the bare loop),
``microseconds_per_passage`` (what the camera model adds, per passage) and the seconds.
:mod:`experiments.benchmarks.cameras` measures the same cost inside a whole run.

Usage: ``python experiments/benchmarks/des.py [--passages 50000] [--cameras 400] [--days 365]
[--seed 1] [--repeats 3]``
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Generator
from typing import Any

import numpy as np
import simpy

from twin.cameras.camera_config import load_camera_config
from twin.cameras.des import CameraArray
from twin.cameras.geometry import Passages
from twin.cameras.synthetic import paired_layout, random_passages, split_by_tick

TICK_MIN = 15.0


class _NoCameras:
    """Stands in for the camera array in the baseline run."""

    def submit(self, passages: Passages) -> int:
        return 0


def run_clock(
    ticks: list[Passages], make_sink: Callable[[simpy.Environment], Any]
) -> tuple[float, Any]:
    """CPU seconds of a movement-like process handing ``ticks`` to ``make_sink(env).submit``."""
    env = simpy.Environment()
    sink = make_sink(env)

    def mover() -> Generator[simpy.Event, None, None]:
        for passages in ticks:
            sink.submit(passages)
            yield env.timeout(TICK_MIN)

    env.process(mover())
    start = time.process_time()
    env.run(until=len(ticks) * TICK_MIN)
    return time.process_time() - start, sink


def timings(n_passages: int, n_cameras: int, days: float, seed: int) -> dict[str, float]:
    """CPU seconds of the bare loop, of the loop with cameras, and of ``records()``."""
    rng = np.random.default_rng(seed)
    n_ticks = int(days * 1440 / TICK_MIN)
    layout = paired_layout(n_cameras // 2)
    n = len(layout.cameras)
    ticks = split_by_tick(
        random_passages(n_passages, n, n_ticks * TICK_MIN, rng), TICK_MIN, n_ticks
    )
    bare_s, _ = run_clock(ticks, lambda env: _NoCameras())
    road_m, village_m = rng.uniform(0, 5e3, n), rng.uniform(0, 2e4, n)
    cfg = load_camera_config()

    def cameras(env: simpy.Environment) -> CameraArray:
        return CameraArray(
            env, layout, cfg, np.random.default_rng(seed + 1), dist_road_m=road_m,
            dist_village_m=village_m, survey_days=days, tick_min=TICK_MIN,
        )  # fmt: skip

    with_s, array = run_clock(ticks, cameras)
    start = time.process_time()
    array.records()
    records_s = time.process_time() - start
    return {"bare_s": bare_s, "with_cameras_s": with_s, "records_s": records_s}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=50_000)
    parser.add_argument("--cameras", type=int, default=400)
    parser.add_argument("--days", type=float, default=365.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    runs = [timings(args.passages, args.cameras, args.days, args.seed) for _ in range(args.repeats)]
    best = {key: min(run[key] for run in runs) for key in runs[0]}
    with_cameras_s = best["with_cameras_s"] + best["records_s"]
    added_s = with_cameras_s - best["bare_s"]
    print(
        f"{args.passages} passages, {args.cameras} cameras, {args.days:g} days (CPU s, best of "
        f"{args.repeats}): clock loop alone {best['bare_s']:.3f}, with cameras "
        f"{best['with_cameras_s']:.3f}, records() {best['records_s']:.3f}; the camera model "
        f"adds {added_s:.3f} s"
    )
    figures = {
        "cameras_over_bare_loop": round(with_cameras_s / best["bare_s"], 1),
        "microseconds_per_passage": round(1e6 * added_s / args.passages, 2),
        "seconds_bare_loop": round(best["bare_s"], 3),
        "seconds_with_cameras": round(best["with_cameras_s"], 3),
        "seconds_records": round(best["records_s"], 3),
        "passages": args.passages,
        "cameras": args.cameras,
        "days": args.days,
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
