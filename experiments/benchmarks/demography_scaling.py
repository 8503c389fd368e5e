"""Does demography scale linearly with the number of animals?

The default scenario's animals, and four times as many (every initial count of every species
times 4), live ``--days`` days on the default landscape: each day they move (a day of ticks) and
then run their day of demography (mortality, independence, immigration, settlement, emigration,
breeding). Only the demography is timed, in CPU seconds, and divided by the animal-days lived,
since a crowded park sheds animals: a linear demography costs the same per animal-day at 1x and
4x. Both sizes run in the same process, alternately, ``--rounds`` times (the median is kept).

    .venv/bin/python experiments/benchmarks/demography_scaling.py [--days 365] [--rounds 3]

Ends with one JSON line: ``demography_time_ratio_4x`` (CPU seconds of demography at 4x over 1x),
``animal_days_ratio_4x``, ``per_animal_day_ratio_4x`` (the first over the second: 1 is linear)
and the load averages before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

import twin
from twin.landscape.build import build_landscape

STAGES = ("adults", "subadults", "cubs")


def scaled(factor: int) -> twin.Scenario:
    """The default scenario with every initial count times ``factor``."""
    base = twin.load_scenario(["progress=false"])
    overrides = [
        f"species.{key}.initial.{stage}={getattr(params.initial, stage) * factor}"
        for key, params in base.species.items()
        for stage in STAGES
    ]
    return twin.load_scenario(["progress=false", *overrides])


def demography_cpu(scenario: twin.Scenario, days: int) -> tuple[float, int]:
    """CPU seconds of ``days`` days of demography, and the animal-days lived."""
    landscape = build_landscape(scenario.landscape)
    model = twin.AnimalModel(
        landscape, scenario.species, seed=scenario.seed, tick_min=scenario.run.tick_min
    )
    ticks_per_day = int(1440 / model.tick_min)
    seconds, animal_days = 0.0, 0
    for _ in range(days):
        model.move(ticks_per_day)
        animal_days += len(model.state.living())
        started = time.process_time()
        model.end_of_day()
        seconds += time.process_time() - started
    return seconds, animal_days


def main() -> dict[str, object]:
    """Run the benchmark, print a table and return the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    load_before = os.getloadavg()
    scenarios = {1: scaled(1), 4: scaled(4)}
    demography_cpu(scenarios[1], 2)  # warm-up: numba cache load
    runs: dict[int, list[tuple[float, int]]] = {1: [], 4: []}
    for _ in range(args.rounds):
        for factor, scenario in scenarios.items():
            runs[factor].append(demography_cpu(scenario, args.days))
    seconds = {f: statistics.median(s for s, _ in r) for f, r in runs.items()}
    animal_days = {f: r[0][1] for f, r in runs.items()}
    for f in (1, 4):
        per = seconds[f] / animal_days[f] * 1e6
        print(f"{f}x: {seconds[f]:.3f} s CPU, {animal_days[f]} animal-days, {per:.2f} us each")
    time_ratio = seconds[4] / seconds[1]
    days_ratio = animal_days[4] / animal_days[1]
    return {
        "demography_time_ratio_4x": round(time_ratio, 2),
        "animal_days_ratio_4x": round(days_ratio, 2),
        "per_animal_day_ratio_4x": round(time_ratio / days_ratio, 2),
        "demography_cpu_seconds": {f"{f}x": round(s, 3) for f, s in seconds.items()},
        "days": args.days,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }


if __name__ == "__main__":
    print(json.dumps(main()))
