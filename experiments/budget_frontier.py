"""Budget frontier: NSGA-II over cameras, patrols and hired monitors under one yearly budget.

A thin app over :mod:`twin.design.frontier` and ``experiments/conf/budget_frontier.yaml``: it
turns a design into the twin's config (cameras in the layout and in the policy timeline, patrols
and monitors through the penalty-policy study's knobs), searches, re-evaluates the Pareto
designs on fresh seeds, and writes into ``--out`` (default ``experiments/design/frontier``):

- ``study.journal`` (the Optuna study; a re-run resumes it), ``runs/`` (one JSON row per design
  and seed; a re-run reuses them);
- ``frontier.csv`` (levers, cost, each outcome's mean and Monte Carlo SE on fresh seeds) and
  ``frontier.html`` (offline Plotly page);
- with ``--docs FILE``, the table between ``<!-- budget_frontier -->`` and
  ``<!-- /budget_frontier -->`` in FILE.

Progress goes to standard error, one line per trial; the last line on standard output is one
JSON object. A bad value exits with status 2 and a message naming its key::

    python -m experiments.budget_frontier
    python -m experiments.budget_frontier search.trials=80 --docs docs/design-budget.md
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from omegaconf import OmegaConf

import twin
from experiments.penalty_policy import apply_study, policy_row
from twin.design.budget import ParkDesign, UnitCosts, design_cost
from twin.design.frontier import (
    LeverSpace,
    RunCache,
    SearchSettings,
    claim_study_folder,
    frontier_designs,
    reevaluate,
    run_search,
)
from twin.design.frontier_report import frontier_markdown, frontier_page, paired_markdown
from twin.errors import TwinInputError, require
from twin.io.docs_block import replace_block
from twin.results import RunResult
from twin.sweeps.job import twin_scenario
from twin.threats.policy import policy_from_config

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "experiments" / "conf" / "budget_frontier.yaml"
OUT = ROOT / "experiments" / "design" / "frontier"
SEARCH_KEYS = ("trials", "population_size", "training_seeds", "seed")


def read_config(path: Path, overrides: Sequence[str]) -> dict[str, Any]:
    """The app's config: the YAML file with ``key=value`` overrides, as plain values."""
    base = OmegaConf.load(path)
    try:
        merged = OmegaConf.merge(base, OmegaConf.from_dotlist(list(overrides)))
    except Exception as err:
        raise TwinInputError(f"overrides={list(overrides)!r} are not allowed: {err}.") from err
    return OmegaConf.to_container(merged, resolve=True)


def twin_config(overrides: Sequence[str]) -> dict[str, Any]:
    """The twin's composed config for these overrides, as plain values."""
    return OmegaConf.to_container(twin.load_config(list(overrides)), resolve=True)


def today_design(base: Mapping[str, Any]) -> ParkDesign:
    """The design the policy timeline holds at the run's start (today's park)."""
    start = dt.date.fromisoformat(str(base["start_date"]))
    values = policy_from_config(base["policy"], start).timeline.values(0)
    return ParkDesign(values["cameras"], values["patrol.km_per_day"], values["monitors_hired"])


def design_config(base: Mapping[str, Any], design: ParkDesign) -> dict[str, Any]:
    """The run config of a design: cameras in the layout and, from the start date, in the
    policy timeline (the risk poachers perceive); patrols, monitors and penalties through the
    penalty-policy knobs (:func:`experiments.penalty_policy.apply_study`)."""
    config = copy.deepcopy(dict(base))
    start = str(config["start_date"])
    km_today = today_design(base).patrol_km_per_day
    require(km_today > 0, "policy.timeline patrol.km_per_day", km_today, "> 0 at the start date")
    config["layout"]["count"] = design.cameras
    config["policy"]["timeline"].append({"date": start, "cameras": design.cameras})
    config["study"] = {
        "penalty_scale": design.penalty_scale,
        "patrol_scale": design.patrol_km_per_day / km_today,
        "monitors_hired": design.monitors_hired,
    }
    return apply_study(config)


def make_evaluate(base: Mapping[str, Any]):
    """``evaluate(design, seed)``: one lean run of the design, its penalty-policy results row."""

    def evaluate(design: ParkDesign, seed: np.random.SeedSequence) -> dict[str, Any]:
        config = design_config(base, design)
        result: RunResult = twin.simulate(twin_scenario(config), seed=seed, tracks=False)
        return policy_row(result)

    return evaluate


def _spread(designs: list[ParkDesign], most: int) -> list[ParkDesign]:
    """At most ``most`` designs, evenly spread over the cost-ordered list (ends kept)."""
    if len(designs) <= most:
        return designs
    picks = np.unique(np.round(np.linspace(0, len(designs) - 1, most)).astype(int))
    return [designs[i] for i in picks]


INTRO = (
    "Each point is a design of the park's yearly means (cameras, ranger patrol km a day, former "
    "poachers hired as monitors) on the Pareto frontier of the NSGA-II search, simulated again on "
    "fresh seeds. x: its yearly cost; y: the mean outcome over the fresh seeds, with bars of "
    "2 Monte Carlo SE. Blue points stay non-dominated on the fresh means, grey ones do not. Read "
    "up a vertical line for what a budget buys; two points whose bars overlap are not separated by "
    "this many seeds. Hover a point for its levers. See docs/design-budget.md."
)


def read_settings(cfg: Mapping[str, Any]) -> tuple[UnitCosts, LeverSpace, SearchSettings]:
    """The validated unit costs, lever ranges and search settings of the app's config.

    Raises
    ------
    TwinInputError
        For a missing node, or a value out of range (the message names the key).
    """
    for node in ("costs", "levers", "search", "budget", "twin"):
        require(isinstance(cfg.get(node), Mapping | list), node, cfg.get(node), "a config node")
    search = cfg["search"]
    for key in (*SEARCH_KEYS, "fresh_seeds", "max_reevaluated"):
        require(key in search, f"search.{key}", None, "a whole number")
    for key in ("fresh_seeds", "max_reevaluated"):
        value = search[key]
        require(
            isinstance(value, int) and value >= 2, f"search.{key}", value, "a whole number >= 2"
        )
    settings = SearchSettings(
        **{k: search[k] for k in SEARCH_KEYS},
        cap_rub_per_year=cfg["budget"].get("cap_rub_per_year"),
    )
    return UnitCosts.from_mapping(cfg["costs"]), LeverSpace.from_mapping(cfg["levers"]), settings


def study_settings(cfg: Mapping[str, Any], base: Mapping[str, Any]) -> dict[str, Any]:
    """What a study folder's runs and trials depend on: the twin's composed config, the costs,
    the levers, the cap and the seeds (not the number of trials or of fresh seeds, which a
    re-run may raise)."""
    search = {k: cfg["search"][k] for k in ("population_size", "training_seeds", "seed")}
    keys = ("costs", "levers", "budget")
    return {"twin": dict(base), **{k: cfg[k] for k in keys}, "search": search}


def search_and_reevaluate(cfg: Mapping[str, Any], out: Path) -> tuple[Any, pd.DataFrame, float]:
    """Run (or resume) the search, re-run its Pareto designs and today's on fresh seeds.

    Returns the study, the re-evaluated table (``design``: ``frontier`` or ``today`` first) and
    today's yearly cost in RUB.
    """
    costs, space, settings = read_settings(cfg)
    search = cfg["search"]
    base = twin_config(cfg["twin"])
    evaluate = make_evaluate(base)
    claim_study_folder(out, study_settings(cfg, base))
    cache = RunCache(out / "runs")
    study = run_search(evaluate, space, costs, settings, out / "study.journal", cache)
    today = today_design(base)
    designs = _spread(frontier_designs(study), search["max_reevaluated"])
    designs += [] if today in designs else [today]
    fresh = search["fresh_seeds"]
    frame = reevaluate(designs, evaluate, costs, cache, settings.seed, fresh, reference=today)
    frame.insert(0, "design", ["today" if d == today else "frontier" for d in designs])
    return study, frame, design_cost(today, costs)["total_rub"]


def docs_block(frame: pd.DataFrame) -> str:
    """The docs block: the frontier table, then each design against today's on the same seeds."""
    n = int(frame["n_seeds"].iloc[0])
    return (
        f"{frontier_markdown(frame)}\nAgainst today's park on the same {n} fresh seeds (common "
        "random numbers): mean per-seed difference, paired Monte Carlo SE in brackets.\n\n"
        f"{paired_markdown(frame)}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the app; return the exit status."""
    parser = argparse.ArgumentParser(prog="budget_frontier", description=__doc__.split("\n")[0])
    parser.add_argument("overrides", nargs="*", help="key=value overrides of the config")
    parser.add_argument("--config", type=Path, default=CONFIG)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--docs", type=Path, default=None, help="Markdown file with the block")
    args = parser.parse_args(argv)
    started = time.process_time()
    try:
        cfg = read_config(args.config, args.overrides)
        study, frame, today_rub = search_and_reevaluate(cfg, args.out)
        if args.docs is not None:
            text = replace_block(args.docs.read_text(), "budget_frontier", docs_block(frame))
            args.docs.write_text(text)
    except TwinInputError as err:
        print(f"budget_frontier: error: {err}", file=sys.stderr)
        return 2
    frame.to_csv(args.out / "frontier.csv", index=False, float_format="%.6g")
    page = frontier_page(frame, "Budget frontier of the leopard twin", INTRO)
    (args.out / "frontier.html").write_text(page)
    trials = [t for t in study.trials if t.state.name == "COMPLETE"]
    summary = {
        "trials": len(trials),
        "feasible": sum(t.user_attrs["constraint"][0] <= 0 for t in trials),
        "reevaluated": len(frame),
        "fresh_seeds": cfg["search"]["fresh_seeds"],
        "cap_rub_per_year": cfg["budget"]["cap_rub_per_year"],
        "today_cost_rub_per_year": round(today_rub),
        "frontier_csv": str(args.out / "frontier.csv"),
        "cpu_seconds": round(time.process_time() - started, 1),
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
