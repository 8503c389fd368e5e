"""Skill of ensemble forecasts against a verifying truth, as weather forecasts are scored.

One forecast case is an ensemble of simulated values of one quantity (e.g. leopard adults in
the park 3 years after the survey) and the value the hidden nature run took. Per case
(:func:`score_case`): the ensemble's median and central 50% and 90% intervals, whether they
cover the truth, the median's absolute relative error and the continuous ranked probability
score of the ensemble (Gneiting and Raftery 2007, eq. 21: ``E|X - y| - E|X - X'| / 2``, in the
quantity's units, here animals). Over cases (:func:`skill_summary`): interval coverage with its
binomial Monte Carlo standard error, the median absolute relative error and the mean CRPS.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from twin.errors import require

LEVELS = (0.5, 0.9)
"""Central interval levels scored."""


def ensemble_quantiles(values: np.ndarray) -> dict[str, float]:
    """Median and the central 50% and 90% interval limits of an ensemble.

    Parameters
    ----------
    values
        Ensemble members (one value per forecast replicate); at least one, all finite.

    Returns
    -------
    dict
        ``median``, ``lo50``, ``hi50``, ``lo90``, ``hi90`` (numpy's linear quantiles).
    """
    v = np.asarray(values, dtype=float)
    require(v.size > 0 and bool(np.isfinite(v).all()), "ensemble", v.size, "finite members")
    q = np.quantile(v, [0.5, 0.25, 0.75, 0.05, 0.95])
    return dict(zip(("median", "lo50", "hi50", "lo90", "hi90"), map(float, q), strict=True))


def crps_ensemble(values: np.ndarray, truth: float) -> float:
    """Continuous ranked probability score of an ensemble for one verifying value.

    Parameters
    ----------
    values
        Ensemble members.
    truth
        The verifying value (same units).

    Returns
    -------
    float
        ``mean|X - y| - mean|X - X'| / 2`` over members X, X' (0 for a perfect point forecast;
        the units of the quantity). Computed from the sorted members in O(m log m).
    """
    x = np.sort(np.asarray(values, dtype=float))
    m = x.size
    spread = 2.0 * np.sum((2.0 * np.arange(1, m + 1) - m - 1) * x) / (m * m)
    return float(np.mean(np.abs(x - truth)) - 0.5 * spread)


def score_case(values: np.ndarray, truth: float) -> dict[str, float | bool]:
    """Quantiles, interval hits, absolute relative error and CRPS of one forecast case.

    Parameters
    ----------
    values
        Ensemble members (animals).
    truth
        Nature's value (animals, > 0 for the relative error to be defined).

    Returns
    -------
    dict
        The :func:`ensemble_quantiles` plus ``in50``, ``in90`` (limits included),
        ``abs_rel_error`` (``|median - truth| / truth``; NaN when truth is 0) and ``crps``.
    """
    q = ensemble_quantiles(values)
    return {
        **q,
        "in50": bool(q["lo50"] <= truth <= q["hi50"]),
        "in90": bool(q["lo90"] <= truth <= q["hi90"]),
        "abs_rel_error": abs(q["median"] - truth) / truth if truth > 0 else float("nan"),
        "crps": crps_ensemble(values, truth),
    }


def skill_summary(cases: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """Coverage, error and CRPS over the cases of each group.

    Parameters
    ----------
    cases
        One row per case with the columns of :func:`score_case` and the ``by`` columns.
    by
        Grouping columns (e.g. ``["osse", "species", "quantity", "horizon_years"]``).

    Returns
    -------
    pandas.DataFrame
        Per group: ``n``, ``coverage90`` and ``coverage50`` with their binomial Monte Carlo
        standard errors (``*_mcse``), ``median_abs_rel_error`` and ``mean_crps``.
    """

    def one(group: pd.DataFrame) -> pd.Series:
        n = len(group)
        out: dict[str, float] = {"n": n}
        for level in (90, 50):
            hit = float(group[f"in{level}"].mean())
            out[f"coverage{level}"] = hit
            out[f"coverage{level}_mcse"] = float(np.sqrt(hit * (1.0 - hit) / n))
        out["median_abs_rel_error"] = float(group["abs_rel_error"].median())
        out["mean_crps"] = float(group["crps"].mean())
        return pd.Series(out)

    rows = [one(group).rename(key) for key, group in cases.groupby(list(by), sort=True)]
    table = pd.DataFrame(rows)
    table.index = pd.MultiIndex.from_tuples(table.index, names=list(by))
    return table.reset_index().astype({"n": int})
