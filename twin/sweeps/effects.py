"""Effects of a sweep's cells against a baseline cell, with their Monte Carlo standard errors.

An effect is the difference between a cell's mean outcome and the baseline cell's, over their
replicates. A sweep's run seeds derive from each run's parameters (:mod:`twin.sweeps.seeds`), so
two cells never share random numbers: their means are independent and the effect's Monte Carlo
SE is the unpaired ``sqrt(s^2 / n + s0^2 / n0)`` (``s``, ``s0``: the SDs over the replicates of
the cell and of the baseline). An effect is separated from zero when ``|effect| > 2 SE``;
``replicates_needed`` is the number of replicates per cell, at the SDs observed, for which
``2 SE < |effect|``: ``n > 4 (s^2 + s0^2) / effect^2``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

import numpy as np
import pandas as pd

from twin.errors import TwinInputError, require
from twin.sweeps.summary import scenario_keys

EFFECT_COLUMNS = (
    "n",
    "mean",
    "sd",
    "n_baseline",
    "mean_baseline",
    "sd_baseline",
    "effect",
    "effect_se",
    "z",
    "beyond_2se",
    "replicates_needed",
)
"""Columns of :func:`effects_table` after the cell's parameters and ``outcome``."""


def _cells(table: pd.DataFrame, by: list[str], outcome: str) -> pd.DataFrame:
    values = pd.to_numeric(table[outcome], errors="coerce").astype(float)
    frame = table[by].assign(value=values.where(np.isfinite(values)))
    grouped = frame.groupby(by, sort=True, dropna=False)["value"]
    return pd.DataFrame(
        {"n": grouped.count(), "mean": grouped.mean(), "sd": grouped.std(ddof=1)}
    ).reset_index()


def _is_baseline(cells: pd.DataFrame, baseline: Mapping[str, Any]) -> pd.Series:
    match = pd.Series(True, index=cells.index)
    for key, value in baseline.items():
        column = cells[key]
        if value is None:
            match &= column.isna()
        else:
            match &= pd.to_numeric(column, errors="coerce") == float(value)
    return match


def effects_table(
    table: pd.DataFrame,
    outcomes: Sequence[str],
    baseline: Mapping[str, Any],
    by: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Each cell's effect on each outcome against the baseline cell, with its MC SE.

    Parameters
    ----------
    table
        A results table (one row per run; :func:`twin.sweeps.collect.results_table`).
    outcomes
        Numeric outcome columns, e.g. ``leopard_alive_end``, ``trips``.
    baseline
        The baseline cell's parameter values, e.g. ``{"study.penalty_scale": 1, ...}``.
    by
        Cell columns; default: the parameters other than ``replicate``.

    Returns
    -------
    pandas.DataFrame
        One row per outcome (in the order given) and cell other than the baseline (sorted):
        ``by``, ``outcome``, then :data:`EFFECT_COLUMNS` (``beyond_2se``: ``|effect| > 2
        effect_se``; ``replicates_needed``: per cell, NaN for a zero effect).

    Raises
    ------
    TwinInputError
        When an outcome is not a column, a baseline key is not a cell column, or the baseline
        cell is not in the table or has fewer than 2 replicates with a value.
    """
    by = list(scenario_keys(table) if by is None else by)
    missing = [name for name in outcomes if name not in table.columns]
    require(bool(outcomes) and not missing, "outcomes", missing or list(outcomes), "columns")
    for key in baseline:
        require(key in by, f"baseline.{key}", baseline[key], f"a cell column: {', '.join(by)}")
    parts = []
    for outcome in outcomes:
        cells = _cells(table, by, outcome)
        base = cells[_is_baseline(cells, baseline)]
        if len(base) != 1 or base["n"].iloc[0] < 2:
            raise TwinInputError(
                f"baseline={dict(baseline)!r} is not allowed: one cell of the table with at "
                f"least 2 replicates of {outcome} (found {len(base)} cells)."
            )
        ref = base.iloc[0]
        others = cells.drop(index=base.index).copy()
        others.insert(len(by), "outcome", outcome)
        others["n_baseline"], others["mean_baseline"] = ref["n"], ref["mean"]
        others["sd_baseline"] = ref["sd"]
        others["effect"] = others["mean"] - ref["mean"]
        var = others["sd"] ** 2 / others["n"] + ref["sd"] ** 2 / ref["n"]
        others["effect_se"] = np.sqrt(var)
        others["z"] = others["effect"] / others["effect_se"]
        others["beyond_2se"] = others["effect"].abs() > 2 * others["effect_se"]
        need = 4 * (others["sd"] ** 2 + ref["sd"] ** 2) / others["effect"] ** 2
        others["replicates_needed"] = np.floor(need.where(others["effect"] != 0)) + 1
        parts.append(others)
    return pd.concat(parts, ignore_index=True)[[*by, "outcome", *EFFECT_COLUMNS]]


def effect_with_se(rec: pd.Series) -> str:
    """``+4.0 (1.3)*``: the effect, its SE in brackets, ``*`` when beyond 2 SE."""
    mark = "*" if rec["beyond_2se"] else ""
    return f"{rec['effect']:+.1f} ({rec['effect_se']:.1f}){mark}"


def replicates_needed(rec: pd.Series) -> str:
    """The replicates per cell that would put the effect beyond 2 SE at the observed SDs."""
    need = rec["replicates_needed"]
    return "-" if not np.isfinite(need) else f"{need:.0f}"


def effects_markdown(
    effects: pd.DataFrame,
    by: Sequence[str],
    labels: Mapping[str, str],
    cell: Callable[[pd.Series], str] = effect_with_se,
) -> str:
    """A Markdown table of :func:`effects_table`: one row per cell, one column per outcome.

    ``labels`` maps each outcome column to its heading, in the order shown; ``cell`` writes an
    entry from its row of the effects table (default :func:`effect_with_se`; or
    :func:`replicates_needed`).
    """
    head = [*by, *labels.values()]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for key, part in effects.groupby(list(by), sort=True, dropna=False):
        key = key if isinstance(key, tuple) else (key,)
        row = part.set_index("outcome")
        values = [_format(v) for v in key]
        # one row per outcome in a cell, so .loc gives that row as a Series
        values += [cell(cast(pd.Series, row.loc[outcome])) for outcome in labels]
        lines.append("| " + " | ".join(values) + " |")
    return "\n".join(lines) + "\n"


def _format(value: Any) -> str:
    if isinstance(value, float) and math.isnan(value):
        return "-"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"{value:g}" if isinstance(value, float) else str(value)
