"""Optimise a camera layout for a budget and judge it in the twin against the regular grid.

1. Pilot: one run of the default layout; SCR (HHN) fitted to its leopard captures gives
   lambda0, sigma and density.
2. Optimise: choose the budgeted stations among trail candidates (greedy, then a genetic
   algorithm seeded with the greedy design) for the criterion (default ``rse``: the largest
   min(E[n], E[r])).
3. Evaluate: the optimised layout and the regular trail grid with the same number of stations,
   each simulated as it is (``twin.simulate(..., layout=...)``) over the same seeds.

Ends with one JSON line of the figures. Usage::

    python experiments/layout_optimisation.py --cameras 80 --replicates 4
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time

import numpy as np

import twin
from twin.cameras.layouts import Layout
from twin.cameras.layouts_area import StudyArea
from twin.cameras.layouts_file import default_station_ids
from twin.cameras.layouts_make import make_layout
from twin.cameras.layouts_trail import TrailSnapper
from twin.design import (
    Budget,
    DesignProblem,
    candidate_sites,
    expected_counts,
    genetic,
    greedy,
    habitat_weights,
)
from twin.design.evaluate import (
    fitted_detection_model,
    run_replicates,
    summarise_replicates,
)
from twin.estimators import Mask


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cameras", type=int, default=40, help="cameras (2 per station)")
    parser.add_argument("--station-visits", type=int, default=None)
    parser.add_argument("--services", type=int, default=1, help="visits per station")
    parser.add_argument("--criterion", default="rse", choices=("n", "r", "rse"))
    parser.add_argument("--min-spacing-m", type=float, default=1500.0)
    parser.add_argument("--candidate-spacing-m", type=float, default=1000.0)
    parser.add_argument("--mask-spacing-m", type=float, default=2000.0)
    parser.add_argument("--replicates", type=int, default=6)
    parser.add_argument("--uniform", action="store_true", help="uniform, not habitat, density")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--years", type=float, default=0.4)
    parser.add_argument("--policy", default="no_poaching")
    parser.add_argument("--generations", type=int, default=60)
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    started = time.perf_counter()
    scenario = twin.load_scenario(
        [
            f"years={args.years}",
            "report.enabled=false",
            f"policy={args.policy}",
            "estimation.window_days=91",
        ]
    )
    pilot_run = twin.simulate(scenario, seed=args.seed)
    pilot = fitted_detection_model(pilot_run)
    landscape = pilot_run.landscape
    area = StudyArea.build(landscape, "park")
    problem = _problem(args, landscape, area, pilot)
    search_rng, axis_rng, grid_rng = (
        np.random.default_rng(s) for s in np.random.SeedSequence(args.seed).spawn(3)
    )
    first = greedy(problem)
    best = genetic(problem, search_rng, generations=args.generations, seeds=[first.chosen])
    points = problem.sites_m[best.chosen]
    axis = TrailSnapper.build(area, ("trail", "road")).axis_rad(points, axis_rng)
    optimised = Layout.from_stations(
        default_station_ids(points.shape[0]), points[:, 0], points[:, 1], axis, paired=True
    )
    grid_cfg = scenario.replace(
        **{"layout.count": 2 * problem.stations, "layout.spacing_m": None}
    ).layout
    grid = make_layout(landscape, grid_cfg, grid_rng)
    seeds = [args.seed + 1 + i for i in range(args.replicates)]
    figures: dict[str, object] = {
        "pilot": dataclasses.asdict(pilot),
        "stations": problem.stations,
        "candidates": problem.n_sites,
        "criterion": args.criterion,
        "greedy_score": first.score,
        "ga_score": best.score,
        "seeds": seeds,
    }
    print(figures, file=sys.stderr, flush=True)
    for name, layout in (("optimised", optimised), ("grid", grid)):
        figures[name] = _evaluate(problem, layout, scenario, seeds)
    figures["seconds"] = time.perf_counter() - started
    print(json.dumps(figures, default=float))


def _problem(args, landscape, area, pilot) -> DesignProblem:
    """The design problem of the command line: trail candidates, park mask, habitat prior."""
    mask = Mask.from_landscape(landscape, args.mask_spacing_m)
    return DesignProblem(
        candidate_sites(area, args.candidate_spacing_m, on="trail"),
        mask,
        pilot,
        Budget(args.cameras, 2, args.station_visits, args.services),
        args.min_spacing_m,
        args.criterion,
        None if args.uniform else habitat_weights(landscape, mask),
    )


def _evaluate(
    problem: DesignProblem, layout: Layout, scenario: twin.Scenario, seeds: list[int]
) -> dict[str, float]:
    """The formula's and the twin's figures of one layout."""
    xy_m = np.column_stack([layout.station_x_m, layout.station_y_m])
    expected = expected_counts(xy_m, problem.mask, problem.model, problem.weights)
    table = run_replicates(scenario, layout, seeds)
    print(table.to_string(index=False), file=sys.stderr, flush=True)
    return {
        "stations": layout.n_stations,
        "expected_n": expected.n,
        "expected_r": expected.r,
        "predicted_rse": expected.rse,
        **summarise_replicates(table),
    }


if __name__ == "__main__":
    main()
