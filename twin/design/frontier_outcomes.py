"""Outcomes of a design's runs: per run, over runs (mean and Monte Carlo SE), and paired
against a reference design run on the same seeds (common random numbers).

Read from the results rows of :func:`experiments.penalty_policy.policy_row` (estimate columns
of :mod:`twin.sweeps.rows` and :func:`twin.sweeps.rows.outcome_columns`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

UNESTIMABLE_ERROR = 1.0
"""Relative error charged to a run whose survey gives no SCR estimate of N in the park (100%)."""

ESTIMATE = "scr_leopard_n"
"""The scored estimate: SCR leopards in the park (the ``SCR``/``N`` row of the run's estimates:
independent leopards alive on the estimation window's midpoint day with their activity centre
in the park), one truth for every design whatever its stations."""


def seed_outcomes(row: Mapping[str, Any]) -> dict[str, float]:
    """One run's outcomes: relative error and RSE of the SCR estimate of leopards in the park
    (:data:`ESTIMATE`), leopards alive, cats poached (leopards and tigers), tigers alive.

    A run without that estimate is charged :data:`UNESTIMABLE_ERROR` as its relative error and
    its RSE (``estimable`` 0).
    """
    estimate = _finite(row.get(f"{ESTIMATE}_estimate"))
    error = _finite(row.get(f"{ESTIMATE}_relative_error"))
    se = _finite(row.get(f"{ESTIMATE}_se"))
    estimable = estimate is not None and error is not None and estimate > 0
    return {
        "estimable": float(estimable),
        # estimable implies estimate and error are set; the None checks narrow them for mypy
        "relative_error": error if estimable and error is not None else UNESTIMABLE_ERROR,
        "rse": (
            se / estimate
            if estimable and se is not None and estimate is not None
            else UNESTIMABLE_ERROR
        ),
        "leopards_alive": float(row["leopard_alive_end"]),
        "tigers_alive": float(row["tiger_alive_end"]),
        "poaching_deaths": float(row["leopard_deaths_poaching"] + row["tiger_deaths_poaching"]),
    }


def _finite(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and math.isfinite(value) else None


def summarise_runs(rows: Sequence[Mapping[str, Any]]) -> dict[str, float]:
    """Mean and Monte Carlo SE over a design's runs.

    Returns ``n_seeds``, ``n_estimable``, and for ``leopards_alive``, ``tigers_alive``,
    ``poaching_deaths`` and ``n_rse`` the mean and ``<name>_se`` (SD / sqrt(n)); for
    ``n_rel_rmse`` = sqrt(mean(relative error^2)) its SE by the delta method,
    SD(error^2) / (2 RMSE sqrt(n)). SEs are NaN for a single run.
    """
    frame = pd.DataFrame([seed_outcomes(r) for r in rows])
    n = len(frame)
    out: dict[str, float] = {"n_seeds": n, "n_estimable": int(frame["estimable"].sum())}
    columns = {"leopards_alive": "leopards_alive", "tigers_alive": "tigers_alive"}
    columns |= {"poaching_deaths": "poaching_deaths", "n_rse": "rse"}
    for name, column in columns.items():
        out[name] = float(frame[column].mean())
        out[f"{name}_se"] = float(frame[column].std(ddof=1) / math.sqrt(n)) if n > 1 else math.nan
    squared = frame["relative_error"] ** 2
    rmse = float(math.sqrt(squared.mean()))
    out["n_rel_rmse"] = rmse
    spread = float(squared.std(ddof=1)) if n > 1 else math.nan
    out["n_rel_rmse_se"] = spread / (2 * rmse * math.sqrt(n)) if rmse > 0 else math.nan
    return out


PAIRED = ("leopards_alive", "poaching_deaths", "tigers_alive")
"""Outcomes compared run by run with the reference design (:func:`paired_differences`)."""


def paired_differences(
    rows: Sequence[Mapping[str, Any]], reference: Sequence[Mapping[str, Any]]
) -> dict[str, float]:
    """Mean difference from a reference design over the same seeds, with its paired SE.

    ``rows[i]`` and ``reference[i]`` are runs on the same seed. For each outcome of
    :data:`PAIRED`: ``<name>_vs_reference`` (mean of the per-seed differences) and
    ``<name>_vs_reference_se`` (their SD / sqrt(n); NaN for one seed).
    """
    mine = pd.DataFrame([seed_outcomes(r) for r in rows])
    theirs = pd.DataFrame([seed_outcomes(r) for r in reference])
    n = len(mine)
    out: dict[str, float] = {}
    for name in PAIRED:
        diff = mine[name].to_numpy(float) - theirs[name].to_numpy(float)
        out[f"{name}_vs_reference"] = float(diff.mean())
        out[f"{name}_vs_reference_se"] = float(diff.std(ddof=1) / np.sqrt(n)) if n > 1 else math.nan
    return out
