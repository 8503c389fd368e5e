"""Benchmark: the twin's movement kernel vs a fair Mesa model, a naive one and a numba floor.

All run the default scenario's animals from the same start (its free-moving leopards and tigers;
cubs follow their mother in the twin and the fair model and are not counted as agent-steps):

- twin: ``AnimalModel.move`` (the numba kernel ``move_ticks``), ``--days`` days;
- fair Mesa (``fair_mesa.py``): the same model with one Python ``step()`` per agent, written as a
  competent Mesa user would (Python floats, a pre-drawn block of random numbers per tick,
  tick-start tiger positions, a squared-distance prefilter), ``--mesa-days`` days;
- naive Mesa (``naive_mesa.py``): the same model with numpy scalar draws and parameters per use,
  every tiger scanned for every candidate, tigers' positions read as they move; ``--mesa-days``;
- floor (``floor.py``): a bare numba random walk of as many agents, ``--days`` days.

It checks that both Mesa models agree with the twin statistically over their first
``--mesa-days`` days (:func:`disagreements`), prints agent-steps per second,
``speedup_vs_fair_mesa``, ``fraction_of_floor`` (twin / floor agent-steps per second) and the
machine's load, and ends with one JSON line. Timings are the best of ``--repeats`` rounds, each
timing every contender in turn (as ``timeit`` does: the run least disturbed by other load).

Usage: ``python experiments/benchmarks/movement.py [--mesa-days 14] [--days 365] [--seed 1]
[--repeats 3]``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script or with -m

import twin  # noqa: E402
from experiments.benchmarks.fair_mesa import FairModel  # noqa: E402
from experiments.benchmarks.floor import random_walk  # noqa: E402
from experiments.benchmarks.naive_mesa import NaiveModel  # noqa: E402
from twin import AnimalModel  # noqa: E402
from twin.landscape.build import build_landscape  # noqa: E402
from twin.taxa import LEOPARD, TIGER  # noqa: E402

TOLERANCES = {
    "daily_travel_km": 0.03,
    "step_m": 0.03,
    "moving_share": 0.03,
    "centre_km": 0.10,
    "tiger_near_share": 0.5,
}
"""Largest relative difference between two models' statistics that counts as agreement: 4 or more
standard deviations of the difference between the twin and the fair model over 14 days (8 seeds
each: 0.5%, 0.6%, 0.5%, 2.6% and 12% of the value). Leopard fixes near a tiger are rare (1.7%),
hence the wide tolerance; they double when leopards ignore tigers."""
TIGER_NEAR_M = 1000.0
"""A leopard fix this close to a tiger (m) counts as near it."""


def animal_model_factory(seed: int) -> Callable[[], AnimalModel]:
    """A maker of identical fresh twins of the default scenario (same animals, same streams)."""
    scenario = twin.load_scenario([f"seed={seed}"])
    landscape = build_landscape(scenario.landscape)
    tick_min = scenario.run.tick_min
    return lambda: AnimalModel(landscape, scenario.species, seed=seed, tick_min=tick_min)


class Tracks(NamedTuple):
    """Free-moving animals' positions ``(n_ticks + 1, n_animals)`` (m), before the first tick and
    after each, with their activity centres ``(n_animals, 2)`` (m) and species codes."""

    xs: np.ndarray
    ys: np.ndarray
    centres: np.ndarray
    species: np.ndarray

    def first(self, n_ticks: int) -> Tracks:
        """The tracks up to the end of tick ``n_ticks``."""
        return self._replace(xs=self.xs[: n_ticks + 1], ys=self.ys[: n_ticks + 1])


def statistics(tracks: Tracks, ticks_per_day: int) -> dict[str, float]:
    """Movement statistics of ``tracks``.

    Mean daily travel (km) per animal-day, mean length (m) of the steps that move, the share of
    steps that move, mean distance (km) from the activity centre over all fixes, and the share of
    leopard fixes within :data:`TIGER_NEAR_M` of a tiger at the same time.
    """
    xs, ys, centres, _ = tracks
    steps = np.hypot(np.diff(xs, axis=0), np.diff(ys, axis=0))
    days = steps.shape[0] // ticks_per_day
    daily = steps[: days * ticks_per_day].reshape(days, ticks_per_day, -1).sum(axis=1) / 1000
    moving = steps > 0
    return {
        "daily_travel_km": float(daily.mean()),
        "step_m": float(steps[moving].mean()),
        "moving_share": float(moving.mean()),
        "centre_km": float(np.hypot(xs - centres[:, 0], ys - centres[:, 1]).mean() / 1000),
        "tiger_near_share": _tiger_near_share(tracks),
    }


def _tiger_near_share(tracks: Tracks) -> float:
    leopards = tracks.species == LEOPARD
    lx, ly = tracks.xs[:, leopards], tracks.ys[:, leopards]
    nearest2 = np.full(lx.shape, np.inf)
    for t in np.flatnonzero(tracks.species == TIGER):
        d2 = (lx - tracks.xs[:, [t]]) ** 2 + (ly - tracks.ys[:, [t]]) ** 2
        np.minimum(nearest2, d2, out=nearest2)
    return float((nearest2 < TIGER_NEAR_M**2).mean())


def disagreements(twin_stats: dict, other: dict) -> dict:
    """Differences, relative to the twin's, of the statistics that exceed :data:`TOLERANCES`
    (empty: the models agree)."""
    diff = {k: abs(other[k] - twin_stats[k]) / abs(twin_stats[k]) for k in TOLERANCES}
    return {k: round(d, 4) for k, d in diff.items() if d > TOLERANCES[k]}


def run_twin(model: AnimalModel, days: int) -> tuple[float, Tracks]:
    """Seconds for ``days`` days of ``model.move`` (a call a day), and the tracks."""
    movers, _, _ = model.movers_and_cubs()
    per_day = round(1440 / model.tick_min)
    started = time.perf_counter()
    blocks = [model.move(per_day) for _ in range(days)]
    seconds = time.perf_counter() - started
    m = len(movers)
    xs = np.concatenate([blocks[0][1][:1]] + [b[1][1:] for b in blocks])[:, :m]
    ys = np.concatenate([blocks[0][2][:1]] + [b[2][1:] for b in blocks])[:, :m]
    st = model.state
    return seconds, Tracks(xs, ys, np.column_stack((st.acx, st.acy))[movers], st.species[movers])


def run_mesa(model: FairModel | NaiveModel, days: int) -> tuple[float, Tracks]:
    """Seconds for ``days`` days of Mesa ``step()`` calls, and the tracks."""
    started = time.perf_counter()
    for _ in range(days * round(1440 / model.tick_min)):
        model.step()
    seconds = time.perf_counter() - started
    movers = list(model.movers if isinstance(model, FairModel) else model.agents)
    track = np.array([a.track for a in movers]).transpose(1, 0, 2)
    centres = np.array([(a.acx, a.acy) for a in movers])
    return seconds, Tracks(
        track[..., 0], track[..., 1], centres, np.array([a.species for a in movers])
    )


def run_floor(n_agents: int, days: int, ticks_per_day: int, seed: int) -> tuple[float, None]:
    """Seconds for ``days`` days (a call a day) of the bare random walk of ``n_agents``."""
    rng = np.random.default_rng(seed)
    x, y = np.zeros(n_agents), np.zeros(n_agents)
    started = time.perf_counter()
    for _ in range(days):
        random_walk(rng, ticks_per_day, x, y, 200.0)
    return time.perf_counter() - started, None


LABELS = {
    "twin": "twin (numba move_ticks)",
    "fair_mesa": "fair Mesa (Python step() per agent)",
    "naive_mesa": "naive Mesa (numpy scalars per draw, no prefilter)",
    "floor": "floor (bare numba random walk)",
}
"""The contenders, in the order each round times them."""


def time_contenders(fresh: Callable[[], AnimalModel], args: argparse.Namespace) -> tuple:
    """Agent-steps per second and best seconds of each contender over ``args.repeats`` rounds,
    the statistics of the last round's tracks over the first ``args.mesa_days`` days (the floor
    has none), and the numbers of free-moving animals and cubs."""
    probe = fresh()
    n_movers = len(probe.movers_and_cubs()[0])
    per_day = round(1440 / probe.tick_min)
    probe.move(1)  # compile (or load the numba caches) outside the timings
    run_floor(1, 1, 1, args.seed)
    contenders = {
        "twin": lambda: run_twin(fresh(), args.days),
        "fair_mesa": lambda: run_mesa(FairModel(fresh(), args.seed + 1), args.mesa_days),
        "naive_mesa": lambda: run_mesa(NaiveModel(fresh(), args.seed + 2), args.mesa_days),
        "floor": lambda: run_floor(n_movers, args.days, per_day, args.seed + 3),
    }
    best = dict.fromkeys(contenders, float("inf"))
    stats = {}
    for _ in range(args.repeats):
        for name, run in contenders.items():
            seconds, tracks = run()
            best[name] = min(best[name], seconds)
            if tracks is not None:
                stats[name] = statistics(tracks.first(args.mesa_days * per_day), per_day)
    days = {"twin": args.days, "fair_mesa": args.mesa_days, "naive_mesa": args.mesa_days}
    rates = {k: n_movers * days.get(k, args.days) * per_day / s for k, s in best.items()}
    return rates, best, stats, (n_movers, len(probe.movers_and_cubs()[1]))


def report(rates: dict, stats: dict, args: argparse.Namespace, counts: tuple, load: tuple) -> dict:
    """Print the figures; the JSON record. ``load``: the load averages before and after."""
    n_movers, n_cubs = counts
    fair = disagreements(stats["twin"], stats["fair_mesa"])
    naive = disagreements(stats["twin"], stats["naive_mesa"])
    print(f"default scenario, seed {args.seed}: {n_movers} free-moving animals (+{n_cubs} cubs)")
    print(f"load average (1, 5, 15 min) {load[0]} before, {load[1]} after; {os.cpu_count()} cores")
    for name, label in LABELS.items():
        print(f"{label:<50} {rates[name]:>12,.0f} agent-steps/s")
    print(f"speedup vs fair Mesa {rates['twin'] / rates['fair_mesa']:.1f}x, vs naive Mesa "
          f"{rates['twin'] / rates['naive_mesa']:.1f}x; twin at "
          f"{rates['twin'] / rates['floor']:.2f} of the floor")  # fmt: skip
    print(f"statistics over the first {args.mesa_days} days (twin / fair / naive):")
    for key in TOLERANCES:
        values = " / ".join(f"{stats[m][key]:.3f}" for m in ("twin", "fair_mesa", "naive_mesa"))
        print(f"  {key:<16} {values}  (tolerance {TOLERANCES[key]:.0%})")
    print(f"agreement: fair {'OK' if not fair else fair}; naive {'OK' if not naive else naive}")
    return {
        "speedup_vs_fair_mesa": round(rates["twin"] / rates["fair_mesa"], 1),
        "fraction_of_floor": round(rates["twin"] / rates["floor"], 3),
        "speedup_vs_naive_mesa": round(rates["twin"] / rates["naive_mesa"], 1),
        **{f"{k}_agent_steps_per_second": round(v) for k, v in rates.items()},
        "movers": n_movers,
        "cubs": n_cubs,
        "days": args.days,
        "mesa_days": args.mesa_days,
        "load_average_before": load[0],
        "load_average_after": load[1],
        "agree": not fair and not naive,
    }


def _load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mesa-days", type=int, default=14)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3, help="timings: best of this many rounds")
    args = parser.parse_args()
    fresh = animal_model_factory(args.seed)
    before = _load_average()
    rates, seconds, stats, counts = time_contenders(fresh, args)
    record = report(rates, stats, args, counts, (before, _load_average()))
    record["twin_movement_seconds_per_year"] = round(seconds["twin"] * 365 / args.days, 3)
    print(json.dumps(record))
    if not record["agree"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
