"""Write a collected sweep's summaries: ``summary.csv``, ``frontier.csv`` and ``summary.html``
(estimates), ``outcomes.csv`` and ``outcomes.html`` (outcome columns); :func:`collect_sweep`
gathers a sweep folder and writes its table and the summaries asked for (``twin-collect`` and
the apps' end-of-sweep callback)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from twin.results import atomic_write
from twin.sweeps.collect import RESULTS_CSV, RESULTS_PARQUET, Collected, write_results
from twin.sweeps.figures import (
    default_x,
    frontier_figure,
    outcome_figure,
    summary_figure,
    summary_page,
)
from twin.sweeps.summary import (
    CostModel,
    cost_precision,
    estimate_names,
    outcome_summary,
    scenario_costs,
    scenario_keys,
    scenario_summary,
)

SUMMARY_CSV = "summary.csv"
FRONTIER_CSV = "frontier.csv"
SUMMARY_HTML = "summary.html"
OUTCOMES_CSV = "outcomes.csv"
OUTCOMES_HTML = "outcomes.html"


def write_summary(
    sweep_dir: str | Path,
    table: pd.DataFrame,
    estimates: Sequence[str] | None = None,
    x: str | None = None,
    cost_model: CostModel | None = None,
    precision: str = "rse_mean",
    min_estimable_share: float = 0.8,
) -> list[Path]:
    """Summarise a results table into ``sweep_dir``; return the written paths.

    Parameters
    ----------
    sweep_dir
        Folder that receives the files.
    table
        The sweep's results table (:func:`twin.sweeps.collect.results_table`).
    estimates
        Estimates to summarise (``scr_leopard_density``, ...); default: all of the table.
    x
        Scenario column on the figures' x axis; default: :func:`twin.sweeps.figures.default_x`.
    cost_model
        Cost of a design (default: camera visits).
    precision
        ``rse_mean`` or ``relative_rmse``: the precision of the frontier.
    min_estimable_share
        Share of runs with an estimate a scenario needs to be on the frontier.

    Returns
    -------
    list of Path
        ``summary.csv`` (one row per scenario and estimate), ``frontier.csv`` (one row per
        scenario and estimate: mean cost, precision, ``on_frontier``) and ``summary.html``.
    """
    out = Path(sweep_dir)
    by = scenario_keys(table)
    names = list(estimates) if estimates else estimate_names(table)
    summary = scenario_summary(table, by, names)
    costs = scenario_costs(table, cost_model or CostModel(), by)
    fronts = {
        name: cost_precision(summary, costs, name, precision, min_estimable_share) for name in names
    }
    frontier = pd.concat(
        [f.assign(estimate_name=name) for name, f in fronts.items()], ignore_index=True
    )
    x = x if x is not None else default_x(summary, by)
    sections = []
    for k, name in enumerate(names):
        sections += [
            (f"{name}: scenario summary", f"summary-{k}", summary_figure(summary, name, by, x)),
            (
                f"{name}: cost vs precision",
                f"frontier-{k}",
                frontier_figure(fronts[name], name, precision, by),
            ),
        ]
    intro = (
        f"{len(table)} runs; scenarios by {', '.join(by) or '(none)'}; error bars are 2 Monte "
        "Carlo standard errors; relative bias, RSE, relative RMSE and coverage as secrdesign's "
        "scenarioSummary (twin.assessment.scoring.summarise)."
    )
    page = summary_page("Sweep summary", sections, intro)
    paths = [out / SUMMARY_CSV, out / FRONTIER_CSV, out / SUMMARY_HTML]
    atomic_write(paths[0], lambda p: summary.to_csv(p, index=False))
    atomic_write(paths[1], lambda p: frontier.to_csv(p, index=False))
    atomic_write(paths[2], lambda p: p.write_text(page, encoding="utf-8"))
    return paths


def write_outcomes(
    sweep_dir: str | Path,
    table: pd.DataFrame,
    outcomes: Sequence[str],
    x: str | None = None,
    interval: float = 0.9,
) -> list[Path]:
    """Summarise outcome columns of a results table into ``sweep_dir``; return the written paths.

    Parameters
    ----------
    sweep_dir
        Folder that receives the files.
    table
        The sweep's results table (:func:`twin.sweeps.collect.results_table`).
    outcomes
        Numeric columns to summarise, e.g. ``leopard_alive_end``, ``trips``, ``arrests``.
    x
        Scenario column on the figure's x axis; default: :func:`twin.sweeps.figures.default_x`.
    interval
        Probability mass of the central interval over replicates (0.9: 5% to 95%).

    Returns
    -------
    list of Path
        ``outcomes.csv`` (:func:`twin.sweeps.summary.outcome_summary`: one row per outcome and
        scenario) and ``outcomes.html`` (:func:`twin.sweeps.figures.outcome_figure` on a
        standalone page).
    """
    out = Path(sweep_dir)
    by = scenario_keys(table)
    summary = outcome_summary(table, outcomes, by, interval)
    x = x if x is not None else default_x(summary, by)
    intro = (
        f"{len(table)} runs; scenarios by {', '.join(by) or '(none)'}; markers are medians over "
        f"the replicates of a scenario, bars their central {interval:.0%} interval."
    )
    page = summary_page(
        "Sweep outcomes", [("Outcomes", "outcomes", outcome_figure(summary, by, x))], intro
    )
    paths = [out / OUTCOMES_CSV, out / OUTCOMES_HTML]
    atomic_write(paths[0], lambda p: summary.to_csv(p, index=False))
    atomic_write(paths[1], lambda p: p.write_text(page, encoding="utf-8"))
    return paths


def collect_sweep(
    sweep_dir: str | Path,
    *,
    timings: bool = True,
    summary: bool = False,
    estimates: Sequence[str] | None = None,
    x: str | None = None,
    cost_model: CostModel | None = None,
    precision: str = "rse_mean",
    min_estimable_share: float = 0.8,
    outcomes: Sequence[str] = (),
    interval: float = 0.9,
) -> tuple[Collected, list[Path]]:
    """Gather a sweep folder into its results table, then write the summaries asked for.

    Parameters
    ----------
    sweep_dir
        The sweep's folder (``hydra.sweep.dir``).
    timings
        Keep the ``*_seconds`` columns (without them the table's bytes depend on the runs only).
    summary
        Also write the estimates' summaries (:func:`write_summary`, with ``estimates``, ``x``,
        ``cost_model``, ``precision`` and ``min_estimable_share``).
    outcomes
        Outcome columns to summarise (:func:`write_outcomes`, with ``x`` and ``interval``);
        empty: none.

    Returns
    -------
    Collected, list of Path
        The gathered rows and the files written (``results.parquet``, ``results.csv``, then the
        summaries').

    Raises
    ------
    TwinInputError
        When the folder holds no complete row, or a summary's option is not allowed.
    """
    out = Path(sweep_dir)
    table, collected = write_results(out, timings)
    paths = [out / RESULTS_PARQUET, out / RESULTS_CSV]
    if summary:
        paths += write_summary(out, table, estimates, x, cost_model, precision, min_estimable_share)
    if outcomes:
        paths += write_outcomes(out, table, outcomes, x, interval)
    return collected, paths
