"""Camera layouts optimised by simulation against the regular grid and the formula optimum.

For each camera budget: the regular trail grid of the same cost, the formula design (secr-style
expected counts from a pilot SCR fit, greedy + genetic; ``twin.design.formula``) and the
simulation design (Optuna TPE over the layout family of ``twin.design.family``, scored by the
twin's own surveys on training seeds; the best finalists re-run on validation seeds) are each run
on the same fresh seeds and scored against one fixed truth: the park's independent leopards on
the window's midpoint day (``twin.design.simulated``). Everything is resumable: the Optuna study
is a SQLite file, and every run's row is appended to ``OUT/rows.csv`` as it finishes.

Writes ``OUT/layout_comparison.csv`` (+ ``.command`` sidecar), ``OUT/layouts.csv``,
``OUT/chosen.json`` and ``OUT/layout_comparison.html``; ``--docs FILE`` rewrites the marked
table block of FILE. Ends with one JSON line. Usage::

    python experiments/layout_comparison.py --cameras 40 80 --docs docs/layout-optimisation.md
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import shlex
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from twin.cameras.layouts import Layout
from twin.cameras.layouts_area import StudyArea
from twin.cameras.layouts_make import make_layout
from twin.config.scenario import Scenario
from twin.design.comparison import (
    RowCache,
    comparison_table,
    layout_markdown,
    layout_summary,
    markdown_table,
    must_show,
    must_show_text,
)
from twin.design.evaluate import fitted_detection_model
from twin.design.expectations import DetectionModel
from twin.design.family import LayoutFamily, LayoutParams
from twin.design.formula import formula_design
from twin.design.optimise import (
    SearchSpace,
    SimulationObjective,
    finalists,
    open_study,
    optimise,
)
from twin.design.page import comparison_page
from twin.design.simulated import pinned_scenario, rmse, seed_set, simulate_rows
from twin.io.docs_block import rewrite_block
from twin.landscape.build import build_landscape
from twin.run import simulate

log = logging.getLogger("layout_comparison")
PILOT_CAMERAS = 400
COMMAND = ".venv/bin/python experiments/layout_comparison.py"
SIDECAR = "layout_comparison.command"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cameras", type=int, nargs="+", default=[40, 80])
    parser.add_argument("--trials", type=int, default=100, help="Optuna trials per budget")
    parser.add_argument("--training-seeds", type=int, default=12)
    parser.add_argument("--finalists", type=int, default=4)
    parser.add_argument("--validation-seeds", type=int, default=20)
    parser.add_argument("--fresh-seeds", type=int, default=40)
    parser.add_argument("--seed", type=int, default=2026, help="entropy of every seed set")
    parser.add_argument("--generations", type=int, default=60, help="formula GA generations")
    parser.add_argument("--out", type=Path, default=Path("experiments/design"))
    parser.add_argument("--docs", type=Path, default=None, help="rewrite this file's table")
    parser.add_argument("--summary-only", action="store_true", help="no runs: tables, page")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    logging.getLogger("twin").setLevel(logging.WARNING)
    logging.getLogger("twin.design").setLevel(logging.INFO)
    started = time.perf_counter()
    scenario = pinned_scenario()
    landscape = build_landscape(scenario.landscape)
    area = StudyArea.build(landscape, "park")
    cache = RowCache(args.out / "rows.csv")
    if not args.summary_only:  # the command that makes the rows, not a later --summary-only
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / SIDECAR).write_text(f"{COMMAND} {shlex.join(sys.argv[1:])}\n")
        pilot = _pilot(scenario, args)
        for cameras in args.cameras:
            _study_budget(scenario, area, pilot, cameras, cache, args)
    table = comparison_table(cache.frame())
    _write(table, cache.frame(), landscape, args)
    figures = {
        "seconds": round(time.perf_counter() - started, 1),
        "must_show": bool(must_show(table)),
        "table": table.drop(columns="criterion").round(4).to_dict(orient="records"),
    }
    print(json.dumps(figures, default=float))


def _pilot(scenario: Scenario, args: argparse.Namespace) -> DetectionModel:
    """The formula's detection model: SCR fitted to a pilot survey of 400 trail cameras."""
    path = args.out / "pilot.json"
    if path.exists():
        return DetectionModel(**json.loads(path.read_text()))
    pilot_scenario = scenario.replace(**{"layout.count": PILOT_CAMERAS})
    run = simulate(pilot_scenario, seed=seed_set(args.seed, "pilot", 1)[0], tracks=False)
    model = fitted_detection_model(run)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(dataclasses.asdict(model), indent=1))
    log.info("pilot fit: %s", model)
    return model


def grid_layout(scenario: Scenario, landscape, cameras: int, seed: int) -> Layout:
    """The regular trail grid of ``cameras`` cameras, as the default layout builds it."""
    config = scenario.replace(**{"layout.count": cameras, "layout.spacing_m": None}).layout
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(4, cameras)))
    return make_layout(landscape, config, rng)


def _study_budget(scenario, area, pilot, cameras, cache, args) -> None:
    """Optimise, choose on validation seeds, then run the three designs on fresh seeds."""
    grid = grid_layout(scenario, area.landscape, cameras, args.seed)
    rng = np.random.default_rng(np.random.SeedSequence(args.seed, spawn_key=(5, cameras)))
    formula = formula_design(area, pilot, cameras, rng, generations=args.generations)
    log.info("%d cameras: formula min(E[n], E[r]) %.2f", cameras, formula.genetic_score)
    family = LayoutFamily(area, cameras // 2)
    chosen = _simulation_design(scenario, family, grid, cameras, cache, args)
    designs = {"grid": grid, "formula": formula.layout, "simulation": family.layout(chosen)}
    _save_layouts(designs, cameras, args.out / "layouts.csv")
    fresh = seed_set(args.seed, "fresh", args.fresh_seeds)
    for i in range(len(fresh)):  # seed by seed, so a study cut short leaves paired seeds
        for name, layout in designs.items():
            _run_missing(scenario, layout, cache, cameras, name, "fresh", fresh, upto=i + 1)


def _simulation_design(scenario, family, grid, cameras, cache, args) -> LayoutParams:
    """The Optuna search on training seeds, and its best finalist on validation seeds."""
    study = open_study(f"sqlite:///{args.out / 'studies.db'}", f"cameras_{cameras}", args.seed)
    objective = SimulationObjective(
        family, scenario, seed_set(args.seed, "training", args.training_seeds), SearchSpace()
    )
    start = LayoutParams(spacing_m=float(grid.spacing_m or 4000.0))
    optimise(study, objective, args.trials, args.seed, start=[start])
    validation = seed_set(args.seed, "validation", args.validation_seeds)
    scores = {}
    for number, params in finalists(study, args.finalists):
        name = f"trial{number}"
        _run_missing(
            scenario, family.layout(params), cache, cameras, name, "validation", validation
        )
        rows = cache.frame().query(
            "cameras == @cameras and design == @name and role == 'validation'"
        )
        scores[number] = (rmse(rows.relative_error.to_numpy()), params)
    number = min(scores, key=lambda n: (scores[n][0], n))
    _record_choice(args.out / "chosen.json", cameras, number, scores, study)
    return scores[number][1]


def _run_missing(scenario, layout, cache, cameras, design, role, seeds, upto=None) -> None:
    """Run the seeds (the first ``upto``) this (cameras, design, role) lacks, appending each
    row as it finishes."""
    done = cache.done(cameras, design, role)
    todo = [i for i in range(len(seeds) if upto is None else upto) if i not in done]
    for i in todo:
        row = simulate_rows(scenario, layout, [seeds[i]], [i])
        row.insert(0, "role", role)
        row.insert(0, "design", design)
        row.insert(0, "cameras", cameras)
        cache.append(row)
        log.info("%d cameras %s %s: seed %d of %d", cameras, design, role, i + 1, len(seeds))


def _record_choice(path: Path, cameras: int, number: int, scores: dict, study) -> None:
    """Write the chosen trial, its parameters and the finalists' validation RMSEs."""
    chosen = json.loads(path.read_text()) if path.exists() else {}
    best = study.trials[number]
    chosen[str(cameras)] = {
        "trial": number,
        "params": scores[number][1].to_dict(),
        "training_rmse": best.value,
        "validation_rmse": {str(n): v for n, (v, _) in scores.items()},
        "trials": len(study.trials),
    }
    path.write_text(json.dumps(chosen, indent=1, default=float))


def _save_layouts(designs: dict[str, Layout], cameras: int, path: Path) -> None:
    """Station positions of each design (replacing this budget's earlier ones)."""
    new = pd.concat(
        [
            pd.DataFrame(
                {"cameras": cameras, "design": name, "x_m": lay.station_x_m, "y_m": lay.station_y_m}
            )
            for name, lay in designs.items()
        ]
    )
    old = pd.read_csv(path) if path.exists() else new.iloc[:0]
    pd.concat([old[old.cameras != cameras], new]).to_csv(path, index=False)


def _write(table: pd.DataFrame, rows: pd.DataFrame, landscape, args) -> None:
    """The comparison CSV and its command sidecar, the page and the docs block."""
    args.out.mkdir(parents=True, exist_ok=True)
    sidecar = args.out / SIDECAR
    command = sidecar.read_text().strip() if sidecar.exists() else "(no study run yet)"
    table.to_csv(args.out / "layout_comparison.csv", index=False)
    layouts_path = args.out / "layouts.csv"
    layouts = pd.read_csv(layouts_path) if layouts_path.exists() else pd.DataFrame()
    if not rows.empty and not layouts.empty:
        comparison_page(landscape, table, rows, layouts).write_html(
            args.out / "layout_comparison.html", include_plotlyjs=True
        )
    if args.docs is not None:
        park = landscape.layers["park"]
        shapes = layout_markdown(
            layout_summary(layouts, landscape), float(landscape.layers["habitat"][park].mean())
        )
        text = (
            f"{markdown_table(table)}\nMust-show (simulation beats grid by > 2 paired SE at 40 "
            f"and 80 cameras, >= 30 fresh seeds): {must_show_text(table)}.\n\nThe designs:\n\n"
            f"{shapes}\nMade by: `{command}`\n"
        )
        rewrite_block(args.docs, "layout-comparison", text)


if __name__ == "__main__":
    main()
