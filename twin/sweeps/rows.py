"""One results row per run: survey size, every estimate with its truth and score, and timings.

The row is wide: for each estimate of ``RunResult.extra["estimates"]`` the columns
``<estimator>_<species>_<parameter>_<field>`` with the fields of :data:`ESTIMATE_FIELDS`, names
normalised by :func:`column_name` (``Mh Chao`` -> ``mh_chao``, ``N`` -> ``n``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from twin.errors import require
from twin.results import RunResult
from twin.taxa import CAT_KEYS, code_of

ESTIMATE_FIELDS = ("estimate", "se", "lcl", "ucl", "truth", "covered", "relative_error")
"""Columns written per estimate, in this order."""

SURVEY_COLUMNS = (
    "window_start_day",
    "window_end_day",
    "window_days",
    "stations",
    "cameras",
    "spacing_m",
    "passages",
    *(f"identified_{key}" for key in CAT_KEYS),
    "station_visits",
    "camera_visits",
    "working_camera_days",
)
"""Survey-size columns of a row, in this order (NaN where a run had no survey)."""


def column_name(*parts: str) -> str:
    """Join name parts into a column name: lower case, runs of other characters as ``_``."""
    words = [re.sub(r"[^0-9a-z]+", "_", str(p).lower()).strip("_") for p in parts]
    return "_".join(w for w in words if w)


def plain(value: Any) -> Any:
    """A JSON-ready Python scalar: numpy scalars unwrapped, pandas NA as None."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return float("nan")
    return value


def estimate_columns(estimates: pd.DataFrame | None) -> dict[str, Any]:
    """The wide estimate columns of one run (empty when the run made no estimates).

    Raises
    ------
    TwinInputError
        When two estimates share an estimator, species and parameter.
    """
    out: dict[str, Any] = {}
    if estimates is None:
        return out
    for rec in estimates.to_dict("records"):
        prefix = column_name(rec["estimator"], rec["species"], rec["parameter"])
        require(
            f"{prefix}_estimate" not in out,
            "estimates",
            prefix,
            "one row per estimator, species and parameter",
        )
        for name in ESTIMATE_FIELDS:
            out[f"{prefix}_{name}"] = plain(rec.get(name))
    return out


def _identified(sequences: pd.DataFrame) -> dict[str, int]:
    seen = sequences[sequences["retrieved"] & sequences["identified"]]
    return {
        f"identified_{key}": int(
            seen.loc[seen["species"] == code_of(key), "individual_id"].nunique()
        )
        for key in CAT_KEYS
    }


def _effort(result: RunResult) -> dict[str, float]:
    survey, records = result.extra["survey"], result.extra["records"]
    per_station = survey.layout.cameras["station_id"].value_counts()
    visited = [station for station, _ in survey.array.crews.visits_]
    op = records.operation
    working = op[op["status"] == "working"]
    return {
        "station_visits": len(visited),
        "camera_visits": int(per_station.reindex(visited, fill_value=0).sum()),
        "working_camera_days": float((working["end_min"] - working["start_min"]).sum() / 1440.0),
    }


def survey_size(result: RunResult) -> dict[str, Any]:
    """Survey-size columns (:data:`SURVEY_COLUMNS`) of a run; NaN where it had no survey.

    ``identified_<species>``: distinct individuals identified in the retrieved records of the
    whole survey; ``station_visits`` / ``camera_visits``: crew visits (installation and
    servicing rounds) to stations and to the cameras at them; ``working_camera_days``: camera
    days in the working state.
    """
    out: dict[str, Any] = dict.fromkeys(SURVEY_COLUMNS, float("nan"))
    estimates = result.extra.get("estimates")
    if estimates is not None and len(estimates):
        start, end = (int(estimates[c].iloc[0]) for c in ("window_start_day", "window_end_day"))
        out.update(window_start_day=start, window_end_day=end, window_days=end - start)
    meta: Mapping[str, Any] = result.metadata.get("survey", {})
    if not meta.get("enabled", False):
        return out
    out.update({k: plain(meta[k]) for k in ("stations", "cameras", "spacing_m", "passages")})
    if result.extra.get("records") is not None:
        out.update(_identified(result.extra["records"].sequences))
        out.update(_effort(result))
    return out


def row_values(result: RunResult) -> dict[str, Any]:
    """Survey size then estimates of one run, as a flat mapping (timings apart)."""
    return {**survey_size(result), **estimate_columns(result.extra.get("estimates"))}


def row_timings(result: RunResult) -> dict[str, float]:
    """The run's timings, every key ending in ``_seconds``."""
    return {
        (k if k.endswith("_seconds") else f"{k}_seconds"): float(v)
        for k, v in result.timings.items()
    }
