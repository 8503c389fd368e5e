"""Boundary checks on :class:`~twin.cameras.records.SurveyRecords` before any export reads them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from twin.cameras.records import (
    DEPLOYMENT_COLUMNS,
    MEDIA_COLUMNS,
    OPERATION_COLUMNS,
    OPERATION_STATUSES,
    SEQUENCE_COLUMNS,
    SurveyRecords,
)
from twin.errors import require

_COLUMNS = {
    "deployments": DEPLOYMENT_COLUMNS,
    "sequences": SEQUENCE_COLUMNS,
    "media": MEDIA_COLUMNS,
    "operation": OPERATION_COLUMNS,
}


def require_records(records: SurveyRecords, tables: tuple[str, ...] = tuple(_COLUMNS)) -> None:
    """Raise :class:`~twin.errors.TwinInputError` unless ``records`` can be exported.

    Parameters
    ----------
    records
        The survey records.
    tables
        Names of the tables the caller reads; each must hold the contract's columns.
    """
    start = records.start_datetime
    require(
        start.tzinfo is not None and start.utcoffset() is not None,
        "records.start_datetime",
        start,
        "a timezone-aware datetime",
    )
    require(
        np.isfinite(records.survey_days) and records.survey_days > 0,
        "records.survey_days",
        records.survey_days,
        "a finite number of days > 0",
    )
    for name in tables:
        frame = getattr(records, name)
        missing = sorted(set(_COLUMNS[name]) - set(frame.columns))
        require(not missing, f"records.{name}", missing, "no missing columns (these are missing)")
    if "deployments" in tables:
        _require_deployments(records.deployments)
    if "operation" in tables:
        bad = sorted(set(records.operation["status"]) - set(OPERATION_STATUSES))
        require(not bad, "records.operation.status", bad, f"one of {OPERATION_STATUSES}")


def _require_deployments(deployments: pd.DataFrame) -> None:
    require(len(deployments) > 0, "records.deployments", "empty table", "at least one deployment")
    ids = deployments["deployment_id"]
    require(ids.is_unique, "records.deployments.deployment_id", _dups(ids), "unique ids")
    start, end = deployments["start_min"].to_numpy(), deployments["end_min"].to_numpy()
    bad = ~(np.isfinite(start) & np.isfinite(end) & (end >= start))
    require(
        not bad.any(),
        "records.deployments.start_min/end_min",
        ids[bad].tolist()[:5],
        "finite times with end_min >= start_min (these deployment ids break it)",
    )


def _dups(ids: pd.Series) -> list[str]:
    return ids[ids.duplicated()].tolist()[:5]
