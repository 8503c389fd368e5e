"""One results row per run: survey size, every estimate with its truth and score, and timings.

The row is wide: for each estimate of ``RunResult.estimates`` the columns
``<estimator>_<species>_<parameter>_<field>`` with the fields of :data:`ESTIMATE_FIELDS`, names
normalised by :func:`column_name` (``Mh Chao`` -> ``mh_chao``, ``N`` -> ``n``). Apps that study
outcomes rather than estimates (the penalty-policy study) add :func:`outcome_columns`: the cats
alive and dead by cause, and the poaching and enforcement totals of the threats model.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from twin.errors import require
from twin.population.state import DEATH_CAUSES
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

SURVEY_METADATA = (
    "stations",
    "cameras",
    "spacing_m",
    "passages",
    "station_visits",
    "camera_visits",
)
"""Survey-size columns read from the run's ``metadata["survey"]``."""


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


def _working_camera_days(operation: pd.DataFrame) -> float:
    working = operation[operation["status"] == "working"]
    return float((working["end_min"] - working["start_min"]).sum() / 1440.0)


def survey_size(result: RunResult) -> dict[str, Any]:
    """Survey-size columns (:data:`SURVEY_COLUMNS`) of a run; NaN where it had no survey.

    ``identified_<species>``: distinct individuals identified in the retrieved records of the
    whole survey; ``station_visits`` / ``camera_visits``: crew visits (installation and
    servicing rounds) to stations and to the cameras at them, as ``metadata["survey"]`` records
    them (NaN where it does not); ``working_camera_days``: camera days in the working state.
    """
    out: dict[str, Any] = dict.fromkeys(SURVEY_COLUMNS, float("nan"))
    estimates = result.estimates
    if estimates is not None and len(estimates):
        start, end = (int(estimates[c].iloc[0]) for c in ("window_start_day", "window_end_day"))
        out.update(window_start_day=start, window_end_day=end, window_days=end - start)
    meta: Mapping[str, Any] = result.metadata.get("survey", {})
    if not meta.get("enabled", False):
        return out
    out.update({k: plain(meta.get(k, float("nan"))) for k in SURVEY_METADATA})
    if result.observations is not None:
        records = result.observations.records
        out.update(_identified(records.sequences))
        out["working_camera_days"] = _working_camera_days(records.operation)
    return out


def row_values(result: RunResult) -> dict[str, Any]:
    """Survey size then estimates of one run, as a flat mapping (timings apart)."""
    return {**survey_size(result), **estimate_columns(result.estimates)}


THREAT_TOTALS = {
    "trips": "trips",
    "arrests": "arrests",
    "arrests_patrol": "arrests_patrol",
    "arrests_camera": "arrests_camera",
    "prosecutions": "prosecutions",
    "convictions": "convictions",
    "prison_years": "prison_years",
    "fines_krub": "fines_krub",
    "poachers_hired": "poachers_hired",
    "km": "patrol_km",
    "team_days": "patrol_team_days",
    "encounters": "patrol_encounters",
    "detections": "patrol_detections",
    "snares_set": "snares_set",
    "snares_found": "snares_found",
    "poacher_photos": "poacher_photos",
    "ranger_photos": "ranger_photos",
}
"""Yearly columns of the threats model's ``arrests`` and ``patrols`` tables summed over a run
(:mod:`twin.threats.ledger`), and their row column names."""

KILL_METHODS = {"snare": "cats_snared", "shot": "cats_shot"}
"""Poaching methods of the ``poaching_events`` table and the row columns counting them."""

POLICY_SERIES = ("expected_penalty_krub", "patrol_km_per_day", "monitors_hired", "cameras")
"""Policy values averaged over a run's days: columns ``policy_<name>``."""


def _population_columns(result: RunResult) -> dict[str, Any]:
    ind = result.individuals
    species = ind["species"].to_numpy()
    alive = ind["alive_at_end"].to_numpy(bool)
    initial = ind["initial"].to_numpy(bool)
    cause = ind["death_cause"].to_numpy()
    in_park = np.full(len(ind), False)
    landscape = result.landscape
    park = landscape.layers.get("park")
    if park is not None and len(ind):
        x, y = ind["centre_x_m"].to_numpy(float), ind["centre_y_m"].to_numpy(float)
        inside = landscape.inside(x, y)
        r, c = landscape.cell_index(x[inside], y[inside])
        in_park[inside] = np.asarray(park, dtype=bool)[r, c]
    out: dict[str, Any] = {}
    for key in CAT_KEYS:
        mine = species == key
        out[f"{key}_alive_start"] = int(np.count_nonzero(mine & initial))
        out[f"{key}_born"] = int(np.count_nonzero(mine & ~initial))
        out[f"{key}_alive_end"] = int(np.count_nonzero(mine & alive))
        out[f"{key}_in_park_end"] = (
            int(np.count_nonzero(mine & alive & in_park)) if park is not None else float("nan")
        )
        for name in DEATH_CAUSES:
            dead = mine & ~alive & (cause == name)
            out[f"{key}_deaths_{name}"] = int(np.count_nonzero(dead))
        out[f"{key}_emigrated"] = int(np.count_nonzero(mine & ~alive & (cause == "emigrated")))
    return out


def _threat_columns(result: RunResult) -> dict[str, Any]:
    names = [*THREAT_TOTALS.values(), *KILL_METHODS.values()]
    tables, policy = result.threats, result.scenario.policy
    if not tables:
        # a policy without poachers has none of these events; no policy: not modelled
        fill = 0 if policy is not None and not policy.poaching else float("nan")
        return dict.fromkeys(names, fill)
    years = tables["arrests"].merge(tables["patrols"], on="year")
    out: dict[str, Any] = {
        column: plain(years[source].sum()) for source, column in THREAT_TOTALS.items()
    }
    methods = tables["poaching_events"]["method"]
    out.update({column: int((methods == m).sum()) for m, column in KILL_METHODS.items()})
    return out


def _policy_columns(result: RunResult) -> dict[str, Any]:
    policy = result.scenario.policy
    if policy is None:
        return {f"policy_{name}": float("nan") for name in POLICY_SERIES}
    days = range(int(result.metadata["days"]))
    values = [policy.timeline.values(day) for day in days]
    series = {
        "expected_penalty_krub": [policy.expected_penalty_krub(day) for day in days],
        "patrol_km_per_day": [v["patrol.km_per_day"] for v in values],
        "monitors_hired": [v["monitors_hired"] for v in values],
        "cameras": [v["cameras"] for v in values],
    }
    return {f"policy_{name}": float(np.mean(series[name])) for name in POLICY_SERIES}


def outcome_columns(result: RunResult) -> dict[str, Any]:
    """Truth and policy outcomes of one run, for studies of policies rather than surveys.

    Columns, ``<species>`` being ``leopard`` and ``tiger``:

    - ``<species>_alive_start``, ``<species>_born``, ``<species>_alive_end`` (animals);
      ``<species>_in_park_end``: alive at the end with the activity centre in the park (NaN
      without a ``park`` layer);
    - ``<species>_deaths_<cause>`` for the causes of :data:`DEATH_CAUSES` (``natural``,
      ``tiger``, ``poaching``, ``road``), deaths during the run; ``<species>_emigrated``:
      cats that left the landscape window (``emigration_per_year``);
    - the threats model's totals over the run (:data:`THREAT_TOTALS`): ``trips``, ``arrests``
      (``arrests_patrol``, ``arrests_camera``), ``prosecutions``, ``convictions``,
      ``prison_years`` (years sentenced), ``fines_krub`` (thousand RUB), ``poachers_hired``
      (net change in hired monitors), ``patrol_km`` (km walked), ``patrol_team_days``,
      ``patrol_encounters``, ``patrol_detections``, ``snares_set``, ``snares_found``,
      ``poacher_photos``, ``ranger_photos``; ``cats_snared`` and ``cats_shot`` (cats poached
      by method). 0 under a policy without poachers, NaN for a run without a policy;
    - ``policy_expected_penalty_krub`` (expected cost of a capture to a poacher, thousand
      RUB), ``policy_patrol_km_per_day``, ``policy_monitors_hired`` and ``policy_cameras``:
      the policy timeline's values averaged over the run's days (NaN without a policy).

    Parameters
    ----------
    result
        A run of :func:`twin.simulate` (its ``individuals`` and ``threats`` tables, its
        landscape and its scenario's policy).

    Returns
    -------
    dict
        Column name to a JSON-ready number.
    """
    return {**_population_columns(result), **_threat_columns(result), **_policy_columns(result)}


def row_timings(result: RunResult) -> dict[str, float]:
    """The run's timings, every key ending in ``_seconds``."""
    return {
        (k if k.endswith("_seconds") else f"{k}_seconds"): float(v)
        for k, v in result.timings.items()
    }
