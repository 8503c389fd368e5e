"""Benchmark: the twin's movement kernel vs a naive Mesa model (one Python ``step()`` per agent).

Both run the same movement model on the same 140-animal scenario (default park, 95 leopards and 45
tigers, no cubs). The twin simulates a whole year; the naive model simulates ``--naive-days`` days
(a year of it takes minutes) and its rate is measured over those days. The script checks that
the two agree statistically (daily travel and distance from the activity centre), prints agent-steps
per second for both, and ends with one JSON line.

Usage: ``python experiments/benchmarks/movement.py [--naive-days 14] [--days 365] [--seed 1]
[--repeats 3]``. Both models' timings are the best of ``--repeats`` identical runs (as ``timeit``
does: the run least disturbed by other load).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script or with -m

import twin  # noqa: E402
from experiments.benchmarks.naive_mesa import NaiveModel  # noqa: E402
from twin import AnimalModel  # noqa: E402
from twin.landscape.build import build_landscape  # noqa: E402

SCENARIO = [
    "species.leopard.initial.adults=80",
    "species.leopard.initial.subadults=15",
    "species.leopard.initial.cubs=0",
    "species.tiger.initial.adults=40",
    "species.tiger.initial.subadults=5",
    "species.tiger.initial.cubs=0",
]


def _summary(xs: np.ndarray, ys: np.ndarray, acx: np.ndarray, acy: np.ndarray, per_day: int):
    """Mean daily travel (km) and mean distance from the activity centre (km) of a track block."""
    steps = np.hypot(np.diff(xs, axis=0), np.diff(ys, axis=0))
    days = steps.shape[0] // per_day
    daily = steps[: days * per_day].reshape(days, per_day, -1).sum(axis=1) / 1000
    dist = np.hypot(xs - acx, ys - acy) / 1000
    return float(daily.mean()), float(dist.mean()), daily.ravel()


def run_twin(scenario: twin.Scenario, seed: int, days: int, repeats: int = 1):
    """The twin's movement for ``days`` days; the best time of ``repeats`` runs from one start."""
    landscape = build_landscape(scenario.landscape)
    seconds = float("inf")
    for _ in range(repeats):
        model = AnimalModel(landscape, scenario.species, seed=seed, tick_min=scenario.run.tick_min)
        movers, _, _ = model.movers_and_cubs()
        per_day = int(1440 / model.tick_min)
        model.move(1)  # compile (or load the numba cache) outside the timing
        started = time.perf_counter()
        blocks = [model.move(per_day) for _ in range(days)]
        seconds = min(seconds, time.perf_counter() - started)
    xs = np.concatenate([b[1][1:] for b in blocks])
    ys = np.concatenate([b[2][1:] for b in blocks])
    st = model.state
    m = len(movers)
    return (
        model,
        seconds,
        _summary(xs[:, :m], ys[:, :m], st.acx[movers], st.acy[movers], per_day),
        m,
    )


def run_naive(model_for_setup: AnimalModel, seed: int, days: int, repeats: int = 1):
    """The naive Mesa model for ``days`` days; the best time of ``repeats`` runs from one start."""
    seconds = float("inf")
    for _ in range(repeats):
        naive = NaiveModel(model_for_setup, seed)
        per_day = int(1440 / naive.tick_min)
        started = time.perf_counter()
        for _ in range(days * per_day):
            naive.step()
        seconds = min(seconds, time.perf_counter() - started)
    agents = list(naive.agents)
    xs = np.array([[p[0] for p in a.track[1:]] for a in agents]).T
    ys = np.array([[p[1] for p in a.track[1:]] for a in agents]).T
    acx = np.array([a.acx for a in agents])
    acy = np.array([a.acy for a in agents])
    return seconds, _summary(xs, ys, acx, acy, per_day), len(agents)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--naive-days", type=int, default=14)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3, help="timings: best of this many runs")
    args = parser.parse_args()
    scenario = twin.load_scenario(SCENARIO + [f"seed={args.seed}"])
    model, twin_s, twin_stats, n = run_twin(scenario, args.seed, args.days, args.repeats)
    fresh = AnimalModel(model.landscape, model.params, seed=args.seed, tick_min=model.tick_min)
    naive_s, naive_stats, n_naive = run_naive(fresh, args.seed + 1, args.naive_days, args.repeats)
    per_day = int(1440 / model.tick_min)
    default = twin.load_scenario([f"seed={args.seed}"])
    default_model, default_s, _, _ = run_twin(default, args.seed, args.days, args.repeats)
    n_default = default_model.state.n
    twin_rate = n * args.days * per_day / twin_s
    naive_rate = n_naive * args.naive_days * per_day / naive_s
    travel_diff = abs(twin_stats[0] - naive_stats[0]) / naive_stats[0]
    dist_diff = abs(twin_stats[1] - naive_stats[1]) / naive_stats[1]
    agree = travel_diff < 0.05 and dist_diff < 0.15
    print(
        f"default scenario ({n_default} animals with cubs): {default_s:.2f} s for {args.days} days"
    )
    print(
        f"animals: {n}; twin {args.days} days in {twin_s:.2f} s; naive Mesa {args.naive_days} days "
        f"in {naive_s:.2f} s"
    )
    print(
        f"twin   : {twin_rate:,.0f} agent-steps/s; daily travel {twin_stats[0]:.2f} km; "
        f"mean distance from centre {twin_stats[1]:.2f} km"
    )
    print(
        f"naive  : {naive_rate:,.0f} agent-steps/s; daily travel {naive_stats[0]:.2f} km; "
        f"mean distance from centre {naive_stats[1]:.2f} km"
    )
    print(
        f"agreement: daily travel differs by {travel_diff:.1%}, distance by {dist_diff:.1%}: "
        f"{'OK' if agree else 'DISAGREE'}"
    )
    print(
        json.dumps(
            {
                "speedup_vs_mesa": round(twin_rate / naive_rate, 1),
                "twin_agent_steps_per_second": round(twin_rate),
                "mesa_agent_steps_per_second": round(naive_rate),
                "twin_movement_seconds_per_year": round(twin_s * 365 / args.days, 3),
                "default_scenario_animals": n_default,
                "default_movement_seconds_per_year": round(default_s * 365 / args.days, 3),
                "animals": n,
                "agree": agree,
            }
        )
    )
    if not agree:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
