"""Benchmark: the threats' daily work before and after the batched paths (issue 22), in one run.

The same default replicate runs with the threats code of the library ("new") and with the
per-person path code it had before ("old", kept here only for this comparison and patched in).
Timed in CPU seconds (``time.process_time``): the threats' daily work (poachers' and rangers'
days and the threats model's ``observe_segments``, without the cameras' share of the paths
handed over) and the whole replicate. Old and new alternate ``--repeats`` times; the least
disturbed (smallest) time of each counts. The two variants' tables are checked byte for byte.

Usage: ``python experiments/benchmarks/threats.py [--repeats 3] [--seed 2] [--years 1]``
"""

from __future__ import annotations

import argparse
import contextlib
import filecmp
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script or with -m

import twin  # noqa: E402
from twin.threats import model as threat_model  # noqa: E402
from twin.threats.model import ThreatModel  # noqa: E402
from twin.threats.paths import EDGE_MARGIN_M, Paths, _wander  # noqa: E402
from twin.threats.patrols import RouteMaker  # noqa: E402
from twin.threats.trips import TripPlan, pick_zones  # noqa: E402

DAILY = ("_poacher_day", "_ranger_day", "observe_segments")
"""ThreatModel methods timed; ``_hand_over`` (the cameras' work on people's paths) is taken off."""


# -- the old per-person paths (before issue 22), for the comparison only --------------------------
@dataclass(frozen=True)
class _OldPath:
    x_m: np.ndarray
    y_m: np.ndarray
    wander_first: int
    wander_last: int


def _old_leg(start, end, step_m, wiggle_m, rng):
    dx, dy = end[0] - start[0], end[1] - start[1]
    length = float(np.hypot(dx, dy))
    n = max(1, int(np.ceil(length / step_m)))
    s = np.arange(n + 1) / n
    walk = np.concatenate(([0.0], np.cumsum(rng.standard_normal(n))))
    bridge = (walk - s * walk[-1]) * (wiggle_m / (0.5 * np.sqrt(n)))
    ux, uy = (dx / length, dy / length) if length > 0 else (1.0, 0.0)
    return start[0] + s * dx - uy * bridge, start[1] + s * dy + ux * bridge


def _old_walk_path(start, target, *, step_m, wander_ticks, wander_step_m, wander_radius_m,
                   wiggle_m, landscape, rng):  # fmt: skip
    in_x, in_y = _old_leg(start, target, step_m, wiggle_m, rng)
    w_x, w_y = _wander(float(in_x[-1]), float(in_y[-1]), target, wander_ticks, wander_step_m,
                       wander_radius_m, rng)  # fmt: skip
    last = (float(w_x[-1]), float(w_y[-1])) if wander_ticks else target
    out_x, out_y = _old_leg(last, start, step_m, wiggle_m, rng)
    xmin, xmax, ymin, ymax = landscape.extent_m
    x = np.clip(np.concatenate((in_x, w_x, out_x[1:])), xmin + EDGE_MARGIN_M, xmax - EDGE_MARGIN_M)
    y = np.clip(np.concatenate((in_y, w_y, out_y[1:])), ymin + EDGE_MARGIN_M, ymax - EDGE_MARGIN_M)
    first = len(in_x) - 1
    return _OldPath(x, y, first, first + wander_ticks)


def _old_stack(paths: list[_OldPath]) -> Paths:
    n_ticks = np.array([len(p.x_m) - 1 for p in paths], dtype=np.int64)
    xs = np.empty((int(n_ticks.max(initial=0)) + 1, len(paths)))
    ys = np.empty_like(xs)
    for j, p in enumerate(paths):
        m = len(p.x_m)
        xs[:m, j], ys[:m, j] = p.x_m, p.y_m
        xs[m:, j], ys[m:, j] = p.x_m[-1], p.y_m[-1]
    first = np.array([p.wander_first for p in paths], dtype=np.int64)
    last = np.array([p.wander_last for p in paths], dtype=np.int64)
    return Paths(xs, ys, n_ticks, first, last)


def _old_points(self, allocation, weights, n, rng):
    if allocation == "roads" and len(self.road_x_m):
        pick = rng.integers(0, len(self.road_x_m), n)
        return self.road_x_m[pick], self.road_y_m[pick]
    zone = rng.choice(len(self.zones), size=n, p=weights)
    return self.zones.random_points(zone, rng)


def _old_routes(self, allocation, weights, n_teams, rng):
    sx, sy = _old_points(self, allocation, weights, n_teams, rng)
    routes = []
    for x, y in zip(sx, sy, strict=True):
        cx, cy = _old_points(self, allocation, weights, 8, rng)
        near = np.hypot(cx - x, cy - y) <= self.leg_m
        tx, ty = (cx[near][0], cy[near][0]) if near.any() else (x, y)
        search_m = max(3.0 * self.leg_m - 2.0 * float(np.hypot(tx - x, ty - y)), 0.0)
        tight = allocation == "roads"
        routes.append(_old_walk_path(
            (float(x), float(y)), (float(tx), float(ty)), step_m=self.step_m,
            wander_ticks=int(round(search_m / self.step_m)), wander_step_m=self.step_m,
            wander_radius_m=self.zones.size_m / (4.0 if tight else 2.0),
            wiggle_m=self.trips.path_wiggle_m / (4.0 if tight else 1.0),
            landscape=self.zones.landscape, rng=rng,
        ))  # fmt: skip
    return _old_stack(routes)


def _old_plan_trips(pool, going, probs, by_road, zones, cfg, tick_min, rng):
    village = pool.village[going]
    zone = pick_zones(village, probs, rng)
    ok = zone >= 0
    going, village, zone = going[ok], village[ok], zone[ok]
    tx, ty = zones.random_points(zone, rng)
    road = by_road[village, zone]
    sx = np.where(road, zones.road_x_m[zone], pool.home_x_m[going])
    sy = np.where(road, zones.road_y_m[zone], pool.home_y_m[going])
    step_m = cfg.walk_speed_m_per_min * tick_min
    hunt_ticks = int(round(cfg.hunt_hours * 60.0 / tick_min))
    paths = [
        _old_walk_path(
            (float(sx[i]), float(sy[i])), (float(tx[i]), float(ty[i])), step_m=step_m,
            wander_ticks=hunt_ticks, wander_step_m=step_m / 2.0,
            wander_radius_m=zones.size_m / 2.0, wiggle_m=cfg.path_wiggle_m,
            landscape=zones.landscape, rng=rng,
        )
        for i in range(len(going))
    ]  # fmt: skip
    return TripPlan(going, zone, tx, ty, road, _old_stack(paths))


@contextlib.contextmanager
def old_code() -> Iterator[None]:
    """Run the threats with the per-person path code of before issue 22."""
    saved = RouteMaker.routes, threat_model.plan_trips
    RouteMaker.routes, threat_model.plan_trips = _old_routes, _old_plan_trips  # type: ignore[method-assign]
    try:
        yield
    finally:
        RouteMaker.routes, threat_model.plan_trips = saved  # type: ignore[method-assign]


# -- timing ----------------------------------------------------------------------------------------
@contextlib.contextmanager
def timed_threats(seconds: dict[str, float]) -> Iterator[None]:
    """Add the CPU seconds of the threats' daily methods to ``seconds`` while inside."""
    saved = {name: getattr(ThreatModel, name) for name in (*DAILY, "_hand_over")}

    def timed(name, method):
        def wrapper(*args, **kwargs):
            started = time.process_time()
            try:
                return method(*args, **kwargs)
            finally:
                seconds[name] = seconds.get(name, 0.0) + time.process_time() - started

        return wrapper

    for name, method in saved.items():
        setattr(ThreatModel, name, timed(name, method))
    try:
        yield
    finally:
        for name, method in saved.items():
            setattr(ThreatModel, name, method)


def replicate(scenario: twin.Scenario, seed: int, old: bool, folder: Path | None) -> dict:
    """CPU seconds of one replicate and of its threats' daily work; write it to ``folder``."""
    seconds: dict[str, float] = {}
    with old_code() if old else contextlib.nullcontext(), timed_threats(seconds):
        started = time.process_time()
        result = twin.simulate(scenario, seed=seed)
        total = time.process_time() - started
    if folder is not None:
        result.write(folder, report=False)
    daily = sum(seconds.get(name, 0.0) for name in DAILY) - seconds.get("_hand_over", 0.0)
    return {"replicate": total, "threats": daily}


def differing_files(a: Path, b: Path) -> list[str]:
    """CSV and Parquet files of run folder ``a`` that differ from (or are missing in) ``b``."""
    files = [p for p in sorted(a.rglob("*")) if p.suffix in (".csv", ".parquet")]
    return [
        str(p.relative_to(a))
        for p in files
        if not (b / p.relative_to(a)).exists()
        or not filecmp.cmp(p, b / p.relative_to(a), shallow=False)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--years", type=float, default=1.0)
    args = parser.parse_args()
    scenario = twin.load_scenario([f"years={args.years}", "report.enabled=false"])
    twin.simulate(twin.load_scenario(["years=0.02", "report.enabled=false"]), seed=1)  # compile
    best = {"old": {"replicate": np.inf, "threats": np.inf}, "new": {}}
    best["new"] = dict(best["old"])
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(args.repeats):
            for variant in ("old", "new"):
                folder = Path(tmp, variant) if k == 0 else None
                times = replicate(scenario, args.seed, variant == "old", folder)
                best[variant] = {key: min(best[variant][key], times[key]) for key in times}
        differing = differing_files(Path(tmp, "old"), Path(tmp, "new"))
    old, new = best["old"], best["new"]
    for key, label in (("threats", "threats' daily work"), ("replicate", "whole replicate")):
        print(f"{label}: old {old[key]:.3f} s, new {new[key]:.3f} s CPU "
              f"({old[key] / new[key]:.2f}x)")  # fmt: skip
    print(f"tables identical: {not differing}" + (f" (differ: {differing})" if differing else ""))
    print(json.dumps({
        "threats_speedup": round(old["threats"] / new["threats"], 2),
        "replicate_speedup": round(old["replicate"] / new["replicate"], 3),
        "threats_cpu_s": {"old": round(old["threats"], 3), "new": round(new["threats"], 3)},
        "replicate_cpu_s": {"old": round(old["replicate"], 3), "new": round(new["replicate"], 3)},
        "identical_tables": not differing,
        "repeats": args.repeats, "seed": args.seed, "years": args.years,
    }))  # fmt: skip


if __name__ == "__main__":
    main()
