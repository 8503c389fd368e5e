"""Scoring of estimates against the truth, one replicate at a time and over replicates.

Per replicate (:func:`score_estimate`): whether the estimate exists (a degenerate fit gives
None or NaN), its relative error ``(est - truth) / truth`` and whether the 95% interval
``[lcl, ucl]`` covers the truth (limits included). Over replicates (:func:`summarise`), in the
manner of secrdesign's ``scenarioSummary``: relative bias with its Monte Carlo SE, mean RSE,
relative RMSE and interval coverage with its binomial Monte Carlo SE. Replicates without an
estimate are counted (``n`` and ``n_estimable``) and left out of every other statistic.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from twin.errors import TwinInputError, require

VALUE_COLUMNS = ("estimate", "se", "lcl", "ucl", "truth")
SUMMARY_COLUMNS = (
    "n",
    "n_estimable",
    "estimate_mean",
    "truth_mean",
    "relative_bias",
    "relative_bias_mcse",
    "rse_mean",
    "relative_rmse",
    "n_interval",
    "coverage",
    "coverage_mcse",
)


def score_estimate(
    estimate: float | None,
    se: float | None,
    lcl: float | None,
    ucl: float | None,
    truth: float,
) -> dict[str, bool | float | None]:
    """Score one estimate against the true value.

    Parameters
    ----------
    estimate, se, lcl, ucl
        Estimate, standard error and 95% confidence limits, in the units of ``truth``; None or
        NaN where the fit gave none.
    truth
        True value of the estimated quantity (finite, not 0).

    Returns
    -------
    dict
        ``estimable``: the estimate is a finite number; ``relative_error``: ``(estimate -
        truth) / truth`` (NaN when not estimable); ``covered``: ``lcl <= truth <= ucl``, None
        when not estimable or when a limit is missing.
    """
    values = (estimate, se, lcl, ucl, truth)
    columns = {
        name: np.array([_as_float(value, name)])
        for name, value in zip(VALUE_COLUMNS, values, strict=True)
    }
    _require_truth(columns["truth"], "truth")
    estimable, relative_error, judged, covered = _scores(columns)
    return {
        "estimable": bool(estimable[0]),
        "relative_error": float(relative_error[0]),
        "covered": bool(covered[0]) if judged[0] else None,
    }


def summarise(frame: pd.DataFrame, by: Sequence[str] = ()) -> pd.DataFrame:
    """Summarise scored replicates, one row per group.

    Parameters
    ----------
    frame
        One row per replicate with columns ``estimate, se, lcl, ucl`` (None/NaN where the fit
        gave none) and ``truth`` (finite, not 0), plus the grouping columns; other columns
        (e.g. those of :func:`score_estimate`) are ignored.
    by
        Grouping columns (scenario, estimator, parameter, ...); empty for one summary row.

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns, then ``n`` (replicates), ``n_estimable``, ``estimate_mean`` and
        ``truth_mean`` (over estimable replicates), ``relative_bias`` (mean relative error)
        and ``relative_bias_mcse`` (its SD / sqrt(n_estimable)), ``rse_mean`` (mean se /
        estimate, over replicates with an SE), ``relative_rmse`` (sqrt of the mean squared
        relative error; RMSE / truth for a fixed truth), ``n_interval`` (estimable replicates
        with both limits), ``coverage`` (share of those whose interval covers the truth) and
        ``coverage_mcse`` (``sqrt(c (1 - c) / n_interval)``). Statistics without data are NaN.
    """
    by = list(by)
    columns = _value_columns(frame, by)
    estimable, relative_error, judged, covered = _scores(columns)
    scored = pd.DataFrame(
        {
            "estimate": columns["estimate"],
            "truth": columns["truth"],
            "relative_error": relative_error,
            "rse": columns["se"] / columns["estimate"],
            "estimable": estimable,
            "judged": judged,
            "covered": covered,
        }
    )
    if not by:
        return pd.DataFrame([_group_summary(scored)], columns=list(SUMMARY_COLUMNS))
    rows = []
    for key, group in frame[by].reset_index(drop=True).groupby(by, sort=True, dropna=False):
        labels = dict(zip(by, key, strict=True))
        rows.append({**labels, **_group_summary(scored.loc[group.index])})
    return pd.DataFrame(rows, columns=[*by, *SUMMARY_COLUMNS])


def _as_float(value: object, name: str) -> float:
    if value is None:
        return np.nan
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError) as err:
        raise TwinInputError(
            f"{name}={value!r} is not allowed: a number, or None/NaN where a fit gave no value."
        ) from err


def _value_columns(frame: pd.DataFrame, by: list[str]) -> dict[str, np.ndarray]:
    """The numeric value columns of ``frame``, validated (prior checks: none)."""
    require(isinstance(frame, pd.DataFrame), "frame", type(frame).__name__, "a pandas DataFrame")
    missing = [name for name in (*VALUE_COLUMNS, *by) if name not in frame.columns]
    require(
        not missing,
        "frame columns",
        missing,
        f"present: {', '.join(VALUE_COLUMNS)} and the by columns",
    )
    columns = {}
    for name in VALUE_COLUMNS:
        try:
            columns[name] = pd.to_numeric(frame[name], errors="raise").to_numpy(dtype=float)
        except (ValueError, TypeError) as err:
            raise TwinInputError(
                f"frame column {name!r} has a value that is not a number ({err}); allowed: "
                "numbers, with None or NaN where a fit gave no value."
            ) from err
    _require_truth(columns["truth"], "frame column 'truth'")
    return columns


def _require_truth(truth: np.ndarray, key: str) -> None:
    bad = ~np.isfinite(truth) | (truth == 0)
    require(
        not bad.any(),
        key,
        truth[bad][0] if bad.any() else None,
        "a finite true value other than 0 (relative errors divide by it)",
    )


def _scores(columns: dict[str, np.ndarray]) -> tuple[np.ndarray, ...]:
    """Estimable, relative error, interval judged (both limits), covered; arrays per row."""
    estimate, lcl, ucl, truth = (columns[k] for k in ("estimate", "lcl", "ucl", "truth"))
    estimable = np.isfinite(estimate)
    relative_error = np.where(estimable, (estimate - truth) / truth, np.nan)
    judged = estimable & np.isfinite(lcl) & np.isfinite(ucl)
    covered = judged & (lcl <= truth) & (truth <= ucl)
    return estimable, relative_error, judged, covered


def _group_summary(scored: pd.DataFrame) -> dict[str, float | int]:
    """Statistics of one group of replicates (rows of :func:`summarise`'s scored frame)."""
    ok = scored[scored["estimable"]]
    n_ok, n_judged = len(ok), int(scored["judged"].sum())
    error = ok["relative_error"].to_numpy()
    rse = ok["rse"].to_numpy()
    coverage = scored.loc[scored["judged"], "covered"].mean() if n_judged else np.nan
    return {
        "n": len(scored),
        "n_estimable": n_ok,
        "estimate_mean": _mean(ok["estimate"].to_numpy()),
        "truth_mean": _mean(ok["truth"].to_numpy()),
        "relative_bias": _mean(error),
        "relative_bias_mcse": float(np.std(error, ddof=1) / np.sqrt(n_ok)) if n_ok > 1 else np.nan,
        "rse_mean": _mean(rse[np.isfinite(rse)]),
        "relative_rmse": float(np.sqrt(np.mean(error**2))) if n_ok else np.nan,
        "n_interval": n_judged,
        "coverage": float(coverage),
        "coverage_mcse": float(np.sqrt(coverage * (1 - coverage) / n_judged))
        if n_judged
        else np.nan,
    }


def _mean(values: np.ndarray) -> float:
    return float(np.mean(values)) if values.size else np.nan
