"""Scenario summaries of a results table (as secrdesign's ``scenarioSummary``) and layout costs.

A scenario is one combination of the parameters other than ``replicate``. For each scenario and
estimate (``scr_leopard_density``, ...) :func:`scenario_summary` gives the replicates, relative
bias with its Monte Carlo SE, mean RSE, relative RMSE and 95% interval coverage with its Monte
Carlo SE (:func:`twin.assessment.scoring.summarise`). :func:`cost_precision` puts each
scenario's mean cost (:class:`CostModel`) next to its precision and marks the cost-precision
frontier: the scenarios that no cheaper (or equally cheap) scenario beats on precision.
:func:`outcome_summary` summarises plain outcome columns instead (cats alive, poaching deaths,
trips, ...): median and a central interval over the replicates of each scenario.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from twin.assessment.scoring import SUMMARY_COLUMNS, summarise
from twin.errors import require
from twin.sweeps.collect import parameter_columns
from twin.sweeps.job import REPLICATE_KEY

VALUE_FIELDS = ("estimate", "se", "lcl", "ucl", "truth")
PRECISION_COLUMNS = ("rse_mean", "relative_rmse")


def estimate_names(table: pd.DataFrame) -> list[str]:
    """Estimates in a results table: prefixes with ``_estimate`` and ``_truth`` columns, sorted."""
    cols = set(table.columns)
    return sorted(
        c[: -len("_estimate")]
        for c in cols
        if c.endswith("_estimate") and f"{c[: -len('_estimate')]}_truth" in cols
    )


def scenario_keys(table: pd.DataFrame) -> list[str]:
    """Parameter columns other than ``replicate`` and ``seed`` (the scenario's definition: a
    ``twin -m seed=1,2,3`` sweep is three replicates of one scenario)."""
    return [c for c in parameter_columns(table) if c not in (REPLICATE_KEY, "seed")]


def _names(table: pd.DataFrame, estimates: Sequence[str] | None) -> list[str]:
    known = estimate_names(table)
    chosen = list(estimates) if estimates else known
    bad = [name for name in chosen if name not in known]
    require(not bad, "estimates", bad, f"estimates of the table: {', '.join(known)}")
    return chosen


def long_estimates(
    table: pd.DataFrame, by: Sequence[str], estimates: Sequence[str] | None = None
) -> pd.DataFrame:
    """One row per run and estimate: the ``by`` columns, ``estimate_name`` and its values."""
    parts = []
    for name in _names(table, estimates):
        part = table[list(by)].copy()
        part["estimate_name"] = name
        for field in VALUE_FIELDS:
            part[field] = pd.to_numeric(table[f"{name}_{field}"], errors="coerce")
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def scenario_summary(
    table: pd.DataFrame,
    by: Sequence[str] | None = None,
    estimates: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Summary statistics per scenario and estimate.

    Parameters
    ----------
    table
        A results table (:func:`twin.sweeps.collect.results_table`).
    by
        Scenario columns; default: the parameters other than ``replicate``.
    estimates
        Estimate names (``scr_leopard_density``, ...); default: all.

    Returns
    -------
    pandas.DataFrame
        ``by``, ``estimate_name``, ``n_runs`` (replicates, failed ones included), then the
        columns of :data:`twin.assessment.scoring.SUMMARY_COLUMNS` over the replicates with a
        finite, non-zero truth (``n``).
    """
    by = list(scenario_keys(table) if by is None else by)
    keys = [*by, "estimate_name"]
    long = long_estimates(table, by, estimates)
    runs = long.groupby(keys, sort=True, dropna=False).size().rename("n_runs").reset_index()
    scored = long[np.isfinite(long["truth"]) & (long["truth"] != 0)]
    if scored.empty:
        stats = pd.DataFrame(columns=[*keys, *SUMMARY_COLUMNS])
    else:
        stats = summarise(scored.reset_index(drop=True), by=keys)
    out = runs.merge(stats, on=keys, how="left")
    out["n"] = out["n"].fillna(0).astype(int)
    return out


OUTCOME_STATS = ("n_runs", "n", "mean", "median", "lower", "upper")
"""Statistics of :func:`outcome_summary`, after the scenario columns, ``outcome`` and
``interval``."""


def outcome_summary(
    table: pd.DataFrame,
    outcomes: Sequence[str],
    by: Sequence[str] | None = None,
    interval: float = 0.9,
) -> pd.DataFrame:
    """Median and central interval of outcome columns over the replicates of each scenario.

    Parameters
    ----------
    table
        A results table (:func:`twin.sweeps.collect.results_table`).
    outcomes
        Numeric columns of the table to summarise, e.g. ``leopard_alive_end``, ``trips``.
    by
        Scenario columns; default: the parameters other than ``replicate``.
    interval
        Probability mass of the central interval, in (0, 1): 0.9 gives the 5% and 95%
        quantiles (linear interpolation between replicates).

    Returns
    -------
    pandas.DataFrame
        One row per outcome (in the order given) and scenario (sorted): ``by``, ``outcome``,
        ``interval``, then
        :data:`OUTCOME_STATS`: ``n_runs`` (replicates, failed ones included), ``n`` (with a
        finite value), ``mean``, ``median``, ``lower`` and ``upper`` (the interval's bounds), in
        the outcome's units; NaN where ``n`` is 0.

    Raises
    ------
    TwinInputError
        When an outcome is not a numeric column of the table, none is given, or ``interval`` is
        not in (0, 1).
    """
    require(
        isinstance(interval, int | float) and 0 < interval < 1,
        "interval",
        interval,
        "a probability mass in (0, 1), e.g. 0.9",
    )
    numeric = [
        c
        for c in table.columns
        if pd.api.types.is_numeric_dtype(table[c]) and not pd.api.types.is_bool_dtype(table[c])
    ]
    names = list(outcomes)
    bad = [name for name in names if name not in numeric]
    require(
        bool(names) and not bad,
        "outcomes",
        bad or names,
        f"one or more numeric columns of the results table: {', '.join(numeric)}",
    )
    by = list(scenario_keys(table) if by is None else by)
    tail = (1.0 - interval) / 2.0
    parts = []
    for name in names:
        values = pd.to_numeric(table[name], errors="coerce").astype(float)
        frame = table[by].assign(outcome=name, value=values.where(np.isfinite(values)))
        grouped = frame.groupby([*by, "outcome"], sort=True, dropna=False)["value"]
        stats = pd.DataFrame(
            {
                "n_runs": grouped.size(),
                "n": grouped.count(),
                "mean": grouped.mean(),
                "median": grouped.median(),
                "lower": grouped.quantile(tail),
                "upper": grouped.quantile(1.0 - tail),
            }
        ).reset_index()
        parts.append(stats)
    out = pd.concat(parts, ignore_index=True)
    out.insert(len(by) + 1, "interval", float(interval))
    return out[[*by, "outcome", "interval", *OUTCOME_STATS]]


@dataclass(frozen=True)
class CostModel:
    """Cost of a survey design in arbitrary units (default: camera visits).

    ``cost = per_camera * cameras + per_camera_visit * camera_visits + per_camera_day *
    working_camera_days``, from the results table's survey-size columns.
    """

    per_camera: float = 0.0
    per_camera_visit: float = 1.0
    per_camera_day: float = 0.0

    def __post_init__(self) -> None:
        for name in ("per_camera", "per_camera_visit", "per_camera_day"):
            value = getattr(self, name)
            require(
                isinstance(value, int | float) and math.isfinite(value) and value >= 0,
                f"cost.{name}",
                value,
                "a finite number >= 0",
            )
        require(
            self.per_camera + self.per_camera_visit + self.per_camera_day > 0,
            "cost",
            self,
            "at least one cost above 0",
        )

    def cost(self, table: pd.DataFrame) -> pd.Series:
        """Cost of each run of a results table."""
        terms = (
            ("cameras", self.per_camera),
            ("camera_visits", self.per_camera_visit),
            ("working_camera_days", self.per_camera_day),
        )
        total = pd.Series(0.0, index=table.index)
        for column, unit in terms:
            if unit:
                require(column in table.columns, "results table", column, "a column of the table")
                total = total + unit * pd.to_numeric(table[column], errors="coerce")
        return total.rename("cost")


def scenario_costs(
    table: pd.DataFrame, cost_model: CostModel, by: Sequence[str] | None = None
) -> pd.DataFrame:
    """Mean cost and survey size per scenario."""
    by = list(scenario_keys(table) if by is None else by)
    sizes = [
        c
        for c in ("cameras", "stations", "camera_visits", "working_camera_days")
        if c in table.columns
    ]
    frame = table[by].copy()
    frame["cost"] = cost_model.cost(table)
    for column in sizes:
        frame[column] = pd.to_numeric(table[column], errors="coerce")
    means = frame.groupby(by, sort=True, dropna=False)[["cost", *sizes]].mean()
    return means.add_suffix("_mean").reset_index()


def frontier_mask(cost: np.ndarray, precision: np.ndarray) -> np.ndarray:
    """Whether each point is on the cost-precision frontier (lower is better for both).

    A point is on it when it has a finite precision and every point at most as costly has a
    worse precision (ties in cost: the best precision is on it).
    """
    cost, precision = np.asarray(cost, float), np.asarray(precision, float)
    on = np.zeros(cost.size, dtype=bool)
    best = np.inf
    for i in np.lexsort((precision, cost)):
        if np.isfinite(cost[i]) and np.isfinite(precision[i]) and precision[i] < best:
            on[i], best = True, precision[i]
    return on


def cost_precision(
    summary: pd.DataFrame,
    costs: pd.DataFrame,
    estimate: str,
    precision: str = "rse_mean",
    min_estimable_share: float = 0.8,
) -> pd.DataFrame:
    """Scenario cost next to the precision of one estimate, with the frontier marked.

    Parameters
    ----------
    summary, costs
        :func:`scenario_summary` and :func:`scenario_costs` of one table.
    estimate
        Estimate name, e.g. ``scr_leopard_density``.
    precision
        ``rse_mean`` or ``relative_rmse`` (lower is better).
    min_estimable_share
        Share of a scenario's runs that must give an estimate for it to be on the frontier (a
        design that rarely gives one is not a bargain, whatever its precision when it does).
    """
    require(precision in PRECISION_COLUMNS, "precision", precision, " or ".join(PRECISION_COLUMNS))
    require(
        0 <= min_estimable_share <= 1,
        "min_estimable_share",
        min_estimable_share,
        "a share in [0, 1]",
    )
    by = [c for c in costs.columns if not c.endswith("_mean")]
    part = summary[summary["estimate_name"] == estimate]
    out = costs.merge(part[[*by, precision, "n_estimable", "n_runs"]], on=by, how="left")
    eligible = out["n_estimable"] >= min_estimable_share * out["n_runs"]
    scored = out[precision].where(eligible).to_numpy(dtype=float)
    out["on_frontier"] = frontier_mask(out["cost_mean"].to_numpy(), scored)
    return out.sort_values(["cost_mean", *by], kind="stable", ignore_index=True)
