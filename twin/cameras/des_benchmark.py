"""Benchmark: what the camera model adds to a run's clock loop.

``python -m twin.cameras.des_benchmark`` submits synthetic passages (default 50,000 over a year
to 400 cameras) tick by tick, as the movement process would, and prints the CPU time (steadier
than wall time on a shared machine) of the bare clock loop, of the same loop feeding a
:class:`~twin.cameras.des.CameraArray`, and of :meth:`~twin.cameras.des.CameraArray.records`.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Generator
from typing import Any

import numpy as np
import simpy

from twin.cameras.des import CameraArray
from twin.cameras.geometry import Passages
from twin.cameras.synthetic import paired_layout, random_passages, split_by_tick


class _NoCameras:
    """Stands in for the camera array in the baseline run."""

    def submit(self, passages: Passages) -> int:
        return 0


def run_clock(
    ticks: list[Passages], tick_min: float, make_sink: Callable[[simpy.Environment], Any]
) -> tuple[float, Any]:
    """Run a movement-like process handing ``ticks`` to ``make_sink(env).submit``.

    Returns the seconds taken and the sink.
    """
    env = simpy.Environment()
    sink = make_sink(env)

    def mover() -> Generator[simpy.Event, None, None]:
        for passages in ticks:
            sink.submit(passages)
            yield env.timeout(tick_min)

    env.process(mover())
    start = time.process_time()
    env.run(until=len(ticks) * tick_min)
    return time.process_time() - start, sink


def benchmark(n_passages: int, n_cameras: int, days: float, seed: int) -> dict[str, float]:
    """Seconds for the bare loop, the loop with cameras, and ``records()``."""
    rng = np.random.default_rng(seed)
    tick_min = 15.0
    n_ticks = int(days * 1440 / tick_min)
    layout = paired_layout(n_cameras // 2)
    n = len(layout.cameras)
    passages = random_passages(n_passages, n, n_ticks * tick_min, rng)
    ticks = split_by_tick(passages, tick_min, n_ticks)
    bare_s, _ = run_clock(ticks, tick_min, lambda env: _NoCameras())
    road_m, village_m = rng.uniform(0, 5e3, n), rng.uniform(0, 2e4, n)

    def cameras(env: simpy.Environment) -> CameraArray:
        return CameraArray(
            env, layout, {}, np.random.default_rng(seed + 1), dist_road_m=road_m,
            dist_village_m=village_m, survey_days=days,
        )  # fmt: skip

    with_s, array = run_clock(ticks, tick_min, cameras)
    start = time.process_time()
    array.records()
    records_s = time.process_time() - start
    return {"bare_s": bare_s, "with_cameras_s": with_s, "records_s": records_s}


def main() -> None:
    """Command-line entry: print the timings and the camera overhead."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=50_000)
    parser.add_argument("--cameras", type=int, default=400)
    parser.add_argument("--days", type=float, default=365.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    runs = [
        benchmark(args.passages, args.cameras, args.days, args.seed) for _ in range(args.repeats)
    ]
    best = {key: min(run[key] for run in runs) for key in runs[0]}
    overhead = best["with_cameras_s"] - best["bare_s"] + best["records_s"]
    print(
        f"{args.passages} passages, {args.cameras} cameras, {args.days:g} days (best of "
        f"{args.repeats}): clock loop alone {best['bare_s']:.3f} s, with cameras "
        f"{best['with_cameras_s']:.3f} s, records() {best['records_s']:.3f} s; camera model "
        f"adds {overhead:.3f} s ({overhead / 2.0:.0%} of a 2 s movement run)"
    )


if __name__ == "__main__":
    main()
